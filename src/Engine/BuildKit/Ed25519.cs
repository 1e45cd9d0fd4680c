using System.Numerics;
using System.Security.Cryptography;

namespace Composer.Engine.BuildKit;

/// <summary>
/// Ed25519 signing (RFC 8032 section 5.1), which .NET does not offer: enough for an ssh agent to sign
/// with an ed25519 key read from a file. Written for clarity over speed with BigInteger arithmetic; a
/// build asks for a handful of signatures. The private key is the 32-byte seed, as OpenSSH stores it.
/// </summary>
internal static class Ed25519
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    /// <summary>The order of the base point.</summary>
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Base = BasePoint();

    /// <summary>A point in extended homogeneous coordinates: x = X/Z, y = Y/Z, x*y = T/Z.</summary>
    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    private static readonly Point Neutral = new(0, 1, 1, 0);

    public static byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        var (scalar, _) = Expand(seed);
        return Encode(Multiply(scalar, Base));
    }

    /// <summary>The 64-byte signature R || S of <paramref name="message"/>.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var (scalar, prefix) = Expand(seed);
        var publicKey = Encode(Multiply(scalar, Base));
        var r = Mod(FromLittleEndian(SHA512.HashData([.. prefix, .. message])), L);
        var encodedR = Encode(Multiply(r, Base));
        var k = Mod(FromLittleEndian(SHA512.HashData([.. encodedR, .. publicKey, .. message])), L);
        var s = Mod(r + k * scalar, L);
        return [.. encodedR, .. ToLittleEndian(s)];
    }

    /// <summary>The secret scalar (the hash's first half, clamped) and the prefix that makes nonces.</summary>
    private static (BigInteger Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("an ed25519 private key is 32 bytes", nameof(seed));
        var hash = SHA512.HashData(seed);
        hash[0] &= 248;  // a multiple of the cofactor 8
        hash[31] &= 127;
        hash[31] |= 64;  // the highest bit set: a constant number of doublings
        return (FromLittleEndian(hash.AsSpan(0, 32)), hash[32..]);
    }

    /// <summary>RFC 8032 5.1.4: the addition formula for a = -1, which also doubles.</summary>
    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * D);
        var d = Mod(2 * p.Z * q.Z);
        var (e, f, g, h) = (b - a, d - c, d + c, b + a);
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(BigInteger scalar, Point point)
    {
        var result = Neutral;
        for (; scalar > 0; scalar >>= 1)
        {
            if (!scalar.IsEven) result = Add(result, point);
            point = Add(point, point);
        }
        return result;
    }

    /// <summary>RFC 8032 5.1.2: y in little-endian, the low bit of x in the top bit.</summary>
    private static byte[] Encode(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var encoded = ToLittleEndian(y);
        if (!x.IsEven) encoded[31] |= 0x80;
        return encoded;
    }

    /// <summary>B: y = 4/5 and the even x (RFC 8032 5.1.3's square root).</summary>
    private static Point BasePoint()
    {
        var y = Mod(4 * Inverse(5));
        var xx = Mod((y * y - 1) * Inverse(D * y * y + 1));
        var x = BigInteger.ModPow(xx, (P + 3) / 8, P);
        if (Mod(x * x - xx) != 0) x = Mod(x * SqrtMinusOne);
        if (!x.IsEven) x = P - x;
        return new Point(x, y, 1, Mod(x * y));
    }

    private static BigInteger Mod(BigInteger value) => Mod(value, P);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    /// <summary>1/value mod p by Fermat's little theorem.</summary>
    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLittleEndian(BigInteger value)
    {
        var encoded = new byte[32];
        value.TryWriteBytes(encoded, out _, isUnsigned: true, isBigEndian: false);
        return encoded;
    }
}
