using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// A private key composer's own ssh agent holds: its public key blob (RFC 4253 6.6, as the agent lists it),
/// the comment listed beside it, and signing as the agent protocol asks (a signature blob: string
/// algorithm, string signature).
/// </summary>
internal abstract class SshPrivateKey(string comment)
{
    /// <summary>SSH_AGENT_RSA_SHA2_256 and SSH_AGENT_RSA_SHA2_512, the sign request's flags for RSA.</summary>
    public const uint RsaSha256 = 2, RsaSha512 = 4;

    public string Comment { get; } = comment;
    public abstract byte[] PublicBlob { get; }
    public abstract byte[] Sign(byte[] data, uint flags);
}

internal sealed class Ed25519PrivateKey : SshPrivateKey
{
    private readonly byte[] _seed;

    public Ed25519PrivateKey(byte[] seed, string comment) : base(comment)
    {
        _seed = seed;
        PublicKey = Ed25519.PublicKey(seed);
        PublicBlob = new SshWriter().Text("ssh-ed25519").String(PublicKey).ToArray();
    }

    public byte[] PublicKey { get; }
    public override byte[] PublicBlob { get; }

    public override byte[] Sign(byte[] data, uint flags) =>
        new SshWriter().Text("ssh-ed25519").String(Ed25519.Sign(_seed, data)).ToArray();
}

/// <summary>ecdsa-sha2-nistp256/384/521: SHA-256/384/512 as RFC 5656 6.2.1 pairs them with the curves.</summary>
internal sealed class EcdsaPrivateKey : SshPrivateKey
{
    private readonly ECDsa _key;
    private readonly string _algorithm;
    private readonly HashAlgorithmName _hash;

    public EcdsaPrivateKey(ECDsa key, string curve, string comment) : base(comment)
    {
        _key = key;
        _algorithm = "ecdsa-sha2-" + curve;
        _hash = curve switch { "nistp256" => HashAlgorithmName.SHA256, "nistp384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        PublicBlob = new SshWriter().Text(_algorithm).Text(curve).String([0x04, .. q.X!, .. q.Y!]).ToArray();
    }

    public override byte[] PublicBlob { get; }

    public override byte[] Sign(byte[] data, uint flags)
    {
        var rs = _key.SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var half = rs.Length / 2;
        var signature = new SshWriter().MPInt(rs.AsSpan(0, half)).MPInt(rs.AsSpan(half)).ToArray();
        return new SshWriter().Text(_algorithm).String(signature).ToArray();
    }
}

/// <summary>ssh-rsa: SHA-1 unless the request's flags ask for rsa-sha2-256 or rsa-sha2-512 (RFC 8332).</summary>
internal sealed class RsaPrivateKey : SshPrivateKey
{
    private readonly RSA _key;

    public RsaPrivateKey(RSA key, string comment) : base(comment)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        PublicBlob = new SshWriter().Text("ssh-rsa").MPInt(parameters.Exponent).MPInt(parameters.Modulus).ToArray();
    }

    public override byte[] PublicBlob { get; }

    public override byte[] Sign(byte[] data, uint flags)
    {
        var (algorithm, hash) = (flags & RsaSha512) != 0 ? ("rsa-sha2-512", HashAlgorithmName.SHA512)
            : (flags & RsaSha256) != 0 ? ("rsa-sha2-256", HashAlgorithmName.SHA256)
            : ("ssh-rsa", HashAlgorithmName.SHA1);
        return new SshWriter().Text(algorithm).String(_key.SignData(data, hash, RSASignaturePadding.Pkcs1)).ToArray();
    }
}

/// <summary>Builds ssh wire data (RFC 4251 5): uint32 big-endian, length-prefixed strings, mpints.</summary>
internal sealed class SshWriter
{
    private readonly MemoryStream _buffer = new();

    public SshWriter Byte(byte value)
    {
        _buffer.WriteByte(value);
        return this;
    }

    public SshWriter UInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public SshWriter String(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    public SshWriter Text(string value) => String(Encoding.UTF8.GetBytes(value));

    /// <summary>A non-negative integer from its unsigned big-endian bytes: no leading zeros, but a zero byte before a set high bit.</summary>
    public SshWriter MPInt(ReadOnlySpan<byte> unsigned)
    {
        var start = 0;
        while (start < unsigned.Length && unsigned[start] == 0) start++;
        var digits = unsigned[start..];
        return digits.Length > 0 && digits[0] >= 0x80 ? String([0, .. digits]) : String(digits);
    }

    public byte[] ToArray() => _buffer.ToArray();
}

/// <summary>Reads ssh wire data; running short throws <see cref="InvalidDataException"/>.</summary>
internal ref struct SshReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public byte Byte() => Take(1)[0];

    public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> String()
    {
        var length = UInt32();
        return length <= _rest.Length ? Take((int)length) : throw new InvalidDataException("a string runs past the end");
    }

    public string Text() => Encoding.UTF8.GetString(String());

    /// <summary>An mpint as unsigned big-endian bytes (the keys' integers are never negative).</summary>
    public byte[] MPInt()
    {
        var value = String();
        while (value.Length > 0 && value[0] == 0) value = value[1..];
        return value.ToArray();
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length) throw new InvalidDataException("the data ends too early");
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
