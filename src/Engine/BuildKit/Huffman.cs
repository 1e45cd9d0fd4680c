namespace Composer.Engine.BuildKit;

/// <summary>
/// HPACK's Huffman code (RFC 7541, appendix B). The code is canonical: codes of one length are
/// consecutive in symbol order and each length continues from the previous one, so the table of
/// code lengths alone defines it and the codes are rebuilt from it here.
/// </summary>
internal static class Huffman
{
    // Code length in bits of symbols 0..255, then of EOS (256), from RFC 7541 appendix B.
    private static readonly byte[] Lengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    private const int MaxLength = 30;

    /// <summary>Per length: the first code of that length, and the symbols of that length in code order.</summary>
    private static readonly (uint First, int[] Symbols)[] ByLength = Build();

    /// <summary>The code of each symbol (for tests: it must equal the RFC's table).</summary>
    internal static uint CodeOf(int symbol)
    {
        var length = Lengths[symbol];
        var (first, symbols) = ByLength[length];
        return first + (uint)Array.IndexOf(symbols, symbol);
    }

    internal static int LengthOf(int symbol) => Lengths[symbol];

    private static (uint, int[])[] Build()
    {
        var table = new (uint, int[])[MaxLength + 1];
        uint code = 0;
        for (var length = 1; length <= MaxLength; length++)
        {
            var symbols = Enumerable.Range(0, Lengths.Length).Where(s => Lengths[s] == length).ToArray();
            table[length] = (code, symbols);
            code = (code + (uint)symbols.Length) << 1;
        }
        return table;
    }

    public static byte[] Decode(ReadOnlySpan<byte> data)
    {
        var output = new List<byte>(data.Length * 8 / 5);
        uint code = 0;
        var length = 0;
        foreach (var b in data)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | (uint)((b >> bit) & 1);
                length++;
                var (first, symbols) = ByLength[length];
                if (code >= first && code - first < symbols.Length)
                {
                    var symbol = symbols[code - first];
                    if (symbol == 256) throw new InvalidDataException("HPACK: EOS inside a Huffman string");
                    output.Add((byte)symbol);
                    code = 0;
                    length = 0;
                }
                else if (length == MaxLength) throw new InvalidDataException("HPACK: invalid Huffman code");
            }
        }
        // What is left must be padding: fewer than 8 bits, all ones (the start of EOS).
        if (length > 7 || code != (1u << length) - 1) throw new InvalidDataException("HPACK: invalid Huffman padding");
        return [.. output];
    }
}
