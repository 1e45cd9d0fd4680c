using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// HPACK (RFC 7541) as the server side of our HTTP/2 connection needs it: the decoder reads every
/// representation the engine's Go client writes (indexed, literal with and without indexing,
/// Huffman strings, table size updates); the encoder writes literals only and never indexes, so
/// the engine's decoder keeps no state of ours.
/// </summary>
internal sealed class HpackDecoder
{
    private static readonly (string Name, string Value)[] Static =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    // Newest first, as HPACK numbers them.
    private readonly LinkedList<(string Name, string Value)> _dynamic = new();
    private int _size;
    private int _maxSize = 4096;

    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var fields = new List<(string, string)>();
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                fields.Add(Entry(ReadInteger(block, ref position, 7)));
            }
            else if ((first & 0xC0) == 0x40)
            {
                var field = ReadLiteral(block, ref position, 6);
                Add(field);
                fields.Add(field);
            }
            else if ((first & 0xE0) == 0x20)
            {
                _maxSize = ReadInteger(block, ref position, 5);
                Evict(0);
            }
            else
            {
                // Literal without indexing (0000) or never indexed (0001): both 4-bit prefixes.
                fields.Add(ReadLiteral(block, ref position, 4));
            }
        }
        return fields;
    }

    private (string, string) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var index = ReadInteger(block, ref position, prefix);
        var name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= Static.Length) return Static[index - 1];
        var dynamicIndex = index - Static.Length - 1;
        if (index < 1 || dynamicIndex >= _dynamic.Count) throw new InvalidDataException($"HPACK: no table entry {index}");
        return _dynamic.ElementAt(dynamicIndex);
    }

    private void Add((string Name, string Value) field)
    {
        var size = EntrySize(field);
        Evict(size);
        if (size > _maxSize) return; // larger than the whole table: the table is just emptied
        _dynamic.AddFirst(field);
        _size += size;
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _size + room > _maxSize)
        {
            _size -= EntrySize(_dynamic.Last!.Value);
            _dynamic.RemoveLast();
        }
    }

    private static int EntrySize((string Name, string Value) field) =>
        Encoding.UTF8.GetByteCount(field.Name) + Encoding.UTF8.GetByteCount(field.Value) + 32;

    internal static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var mask = (1 << prefix) - 1;
        var value = block[position++] & mask;
        if (value < mask) return value;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length || shift > 28) throw new InvalidDataException("HPACK: bad integer");
            var b = block[position++];
            value += (b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length) throw new InvalidDataException("HPACK: string missing");
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position) throw new InvalidDataException("HPACK: string runs past the header block");
        var raw = block.Slice(position, length);
        position += length;
        return huffman ? Encoding.UTF8.GetString(Huffman.Decode(raw)) : Encoding.UTF8.GetString(raw);
    }
}

internal static class HpackEncoder
{
    /// <summary>Header fields as literals without indexing, names and values not Huffman-coded.</summary>
    public static byte[] Encode(IEnumerable<(string Name, string Value)> fields)
    {
        var output = new MemoryStream();
        foreach (var (name, value) in fields)
        {
            output.WriteByte(0x00);
            WriteString(output, name);
            WriteString(output, value);
        }
        return output.ToArray();
    }

    private static void WriteString(MemoryStream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteInteger(output, bytes.Length, 7, 0x00);
        output.Write(bytes);
    }

    internal static void WriteInteger(MemoryStream output, int value, int prefix, byte flags)
    {
        var mask = (1 << prefix) - 1;
        if (value < mask)
        {
            output.WriteByte((byte)(flags | value));
            return;
        }
        output.WriteByte((byte)(flags | mask));
        value -= mask;
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}
