using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// Reads a private key file given to `build.ssh` / `--ssh`, as BuildKit's client does before it serves the
/// keys from an agent of its own: OpenSSH's format (PROTOCOL.key; ed25519, ecdsa nistp256/384/521, rsa)
/// and PEM (`RSA PRIVATE KEY`, `EC PRIVATE KEY`, PKCS#8 `PRIVATE KEY`). A key protected by a passphrase is
/// refused: BuildKit does not ask for one either. Every error names the file.
/// </summary>
internal static class SshKeyFile
{
    /// <summary>BuildKit reads no more of a key file than this.</summary>
    private const int MaxLength = 100 * 1024;
    private const string OpenSshLabel = "OPENSSH PRIVATE KEY";

    public static SshPrivateKey Read(string path)
    {
        byte[] content;
        try
        {
            using var file = File.OpenRead(path);
            content = new byte[MaxLength + 1];
            content = content[..file.ReadAtLeast(content, content.Length, throwOnEndOfStream: false)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SshKeyFileException($"{path} cannot be read ({error.Message})");
        }
        if (content.Length > MaxLength) throw new SshKeyFileException($"{path} is neither an ssh agent socket nor a private key (larger than 100 KiB)");
        return Parse(Encoding.UTF8.GetString(content), path);
    }

    internal static SshPrivateKey Parse(string text, string path)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal)) throw PassphraseProtected(path);
            throw new SshKeyFileException($"{path} is neither an ssh agent socket nor a private key (no -----BEGIN ... PRIVATE KEY----- block)");
        }
        var label = text[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        try
        {
            return label switch
            {
                OpenSshLabel => OpenSsh(der, path),
                "RSA PRIVATE KEY" => Rsa(key => key.ImportRSAPrivateKey(der, out _), path),
                "EC PRIVATE KEY" => Ecdsa(key => key.ImportECPrivateKey(der, out _), path),
                "PRIVATE KEY" => Pkcs8(der, path),
                "ENCRYPTED PRIVATE KEY" => throw PassphraseProtected(path),
                _ => throw new SshKeyFileException($"{path} holds a \"{label}\", not a private key ssh can use"),
            };
        }
        catch (Exception error) when (error is CryptographicException or InvalidDataException or AsnContentException)
        {
            throw new SshKeyFileException($"{path} is not a valid {label} ({error.Message})");
        }
    }

    private static SshKeyFileException PassphraseProtected(string path) =>
        new($"{path} is protected by a passphrase, which composer cannot ask for (nor can docker compose): "
            + $"load it into an agent (ssh-add {path}) and give the agent's socket instead");

    private static SshKeyFileException Unsupported(string path, string type) =>
        new($"{path} holds a key of type \"{type}\"; the ssh keys a build can use from a file are ed25519, ecdsa and rsa");

    /// <summary>PROTOCOL.key: magic, cipher, kdf, kdf options, the keys' count, their public blobs, then the private section.</summary>
    private static SshPrivateKey OpenSsh(byte[] data, string path)
    {
        var magic = "openssh-key-v1\0"u8;
        if (!data.AsSpan().StartsWith(magic)) throw new InvalidDataException("it does not start with openssh-key-v1");
        var reader = new SshReader(data.AsSpan(magic.Length));
        var cipher = reader.Text();
        reader.Text();   // kdf name
        reader.String(); // kdf options
        if (cipher != "none") throw PassphraseProtected(path);
        var count = reader.UInt32();
        if (count != 1) throw new InvalidDataException($"it holds {count} keys, OpenSSH writes one");
        reader.String(); // the public key, repeated in the private section
        var section = new SshReader(reader.String());
        if (section.UInt32() != section.UInt32()) throw new InvalidDataException("its check numbers differ");
        var type = section.Text();
        switch (type)
        {
            case "ssh-ed25519":
            {
                var publicKey = section.String().ToArray();
                var secret = section.String();
                if (secret.Length != 64) throw new InvalidDataException("its ed25519 key is not 64 bytes");
                var key = new Ed25519PrivateKey(secret[..32].ToArray(), section.Text());
                if (!key.PublicKey.AsSpan().SequenceEqual(publicKey)) throw new InvalidDataException("its ed25519 public key does not match the private key");
                return key;
            }
            case "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521":
            {
                var curve = section.Text();
                var point = section.String().ToArray();
                var secret = section.MPInt();
                var (named, size) = Curve(curve) ?? throw Unsupported(path, type);
                if (point.Length != 1 + 2 * size || point[0] != 0x04 || secret.Length > size) throw new InvalidDataException($"its {curve} key has the wrong size");
                var parameters = new ECParameters
                {
                    Curve = named,
                    Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] },
                    D = PadLeft(secret, size),
                };
                return new EcdsaPrivateKey(ECDsa.Create(parameters), curve, section.Text());
            }
            case "ssh-rsa":
            {
                var (n, e, d, iqmp, p, q) = (section.MPInt(), section.MPInt(), section.MPInt(), section.MPInt(), section.MPInt(), section.MPInt());
                var half = (n.Length + 1) / 2;
                var parameters = new RSAParameters
                {
                    Modulus = n, Exponent = e, D = PadLeft(d, n.Length),
                    P = PadLeft(p, half), Q = PadLeft(q, half), InverseQ = PadLeft(iqmp, half),
                    DP = PadLeft(Remainder(d, p), half), DQ = PadLeft(Remainder(d, q), half),
                };
                return new RsaPrivateKey(RSA.Create(parameters), section.Text());
            }
            default:
                throw Unsupported(path, type);
        }
    }

    /// <summary>PKCS#8: the algorithm's identifier says which key is inside.</summary>
    private static SshPrivateKey Pkcs8(byte[] der, string path)
    {
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        info.ReadInteger(); // version
        var algorithm = info.ReadSequence().ReadObjectIdentifier();
        switch (algorithm)
        {
            case "1.2.840.113549.1.1.1":
                return Rsa(key => key.ImportPkcs8PrivateKey(der, out _), path);
            case "1.2.840.10045.2.1":
                return Ecdsa(key => key.ImportPkcs8PrivateKey(der, out _), path);
            case "1.3.101.112": // RFC 8410: the private key is an OCTET STRING holding the 32-byte seed
                var seed = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
                return seed.Length == 32 ? new Ed25519PrivateKey(seed, path) : throw new InvalidDataException("its ed25519 key is not 32 bytes");
            default:
                throw Unsupported(path, "OID " + algorithm);
        }
    }

    /// <summary>A PEM key has no comment; like ssh-add, the agent lists it by its path.</summary>
    private static RsaPrivateKey Rsa(Action<RSA> import, string path)
    {
        var key = RSA.Create();
        import(key);
        return new RsaPrivateKey(key, path);
    }

    private static EcdsaPrivateKey Ecdsa(Action<ECDsa> import, string path)
    {
        var key = ECDsa.Create();
        import(key);
        var oid = key.ExportParameters(includePrivateParameters: false).Curve.Oid;
        var curve = new[] { "nistp256", "nistp384", "nistp521" }.FirstOrDefault(name => Curve(name)!.Value.Named.Oid.Value == oid?.Value)
            ?? throw Unsupported(path, "ecdsa on curve " + (oid?.FriendlyName ?? oid?.Value ?? "unnamed"));
        return new EcdsaPrivateKey(key, curve, path);
    }

    /// <summary>The curves ssh names (RFC 5656 10.1) and their field sizes in bytes.</summary>
    private static (ECCurve Named, int Size)? Curve(string name) => name switch
    {
        "nistp256" => (ECCurve.NamedCurves.nistP256, 32),
        "nistp384" => (ECCurve.NamedCurves.nistP384, 48),
        "nistp521" => (ECCurve.NamedCurves.nistP521, 66),
        _ => null,
    };

    /// <summary>d mod (prime - 1), the CRT exponents OpenSSH does not store.</summary>
    private static byte[] Remainder(byte[] d, byte[] prime)
    {
        var value = new BigInteger(d, isUnsigned: true, isBigEndian: true) % (new BigInteger(prime, isUnsigned: true, isBigEndian: true) - 1);
        return value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    private static byte[] PadLeft(byte[] value, int length) =>
        value.Length >= length ? value : [.. new byte[length - value.Length], .. value];
}

/// <summary>A key file given for ssh cannot be used; the message names the file.</summary>
internal sealed class SshKeyFileException(string message) : Exception(message);
