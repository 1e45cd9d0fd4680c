using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// The few protocol-buffer messages BuildKit's session exchanges are written and read by hand:
/// varints, length-delimited fields and nothing else, so no code generator and no reflection.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, ulong value)
    {
        if (value == 0) return this; // proto3 leaves zero values out
        Tag(field, 0);
        WriteVarint(value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value, bool always = false)
    {
        if (value.Length == 0 && !always) return this;
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string? value) => value is null or "" ? this : Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray(), always: true);

    public byte[] ToArray() => _buffer.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}

/// <summary>One field of a message read by <see cref="ProtoReader"/>: its number, and either a varint or bytes.</summary>
internal readonly record struct ProtoField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes.Span);
}

internal static class ProtoReader
{
    /// <summary>The fields of a message in the order they were written; fixed-width fields are skipped over.</summary>
    public static IEnumerable<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    yield return new ProtoField(number, wireType, ReadVarint(message.Span, ref position), default);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    if (length < 0 || position + length > message.Length) throw new InvalidDataException("protobuf field runs past the end of its message");
                    yield return new ProtoField(number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wireType} is not supported");
            }
        }
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new InvalidDataException("protobuf varint runs past the end of its message");
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("protobuf varint is too long");
    }
}
