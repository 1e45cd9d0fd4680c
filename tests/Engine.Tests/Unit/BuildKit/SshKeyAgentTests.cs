using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>
/// Composer's own ssh agent for key files: Ed25519 against RFC 8032's vectors; keys made by the real
/// ssh-keygen read in every format it writes; and the agent, served on a unix socket, used by real
/// OpenSSH — `ssh-add -L` lists the key, `ssh-keygen -Y sign` signs through it, `ssh-keygen -Y verify`
/// accepts the signature.
/// </summary>
public sealed class SshKeyAgentTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("composer-sshkey-");

    public void Dispose() => _directory.Delete(recursive: true);

    // RFC 8032 section 7.1, TEST 1, 2 and 3: secret key (seed), public key, message, signature.
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Ed25519_gives_the_rfc_8032_public_keys_and_signatures(string seed, string publicKey, string message, string signature)
    {
        Assert.Equal(publicKey, Convert.ToHexStringLower(Ed25519.PublicKey(Convert.FromHexString(seed))));
        Assert.Equal(signature, Convert.ToHexStringLower(Ed25519.Sign(Convert.FromHexString(seed), Convert.FromHexString(message))));
    }

    [Theory]
    [InlineData("ed25519", 0)]
    [InlineData("ecdsa", 256)]
    [InlineData("ecdsa", 384)]
    [InlineData("ecdsa", 521)]
    [InlineData("rsa", 2048)]
    public async Task Openssh_lists_the_key_of_a_file_through_the_agent_and_verifies_its_signature(string type, int bits)
    {
        var key = await KeygenAsync(type, bits, "");
        var agent = new SshKeyAgent([SshKeyFile.Read(key)]);
        var publicLine = (await File.ReadAllTextAsync(key + ".pub")).Trim();
        await using var served = Serve(agent);

        var listed = await RunAsync("/usr/bin/ssh-add", ["-L"], served.Socket);
        Assert.Equal(publicLine, listed.Trim()); // type, blob and the file's comment

        // Only the public half beside the message: ssh-keygen must ask the agent to sign.
        var signing = Directory.CreateDirectory(Path.Combine(_directory.FullName, "signing"));
        var publicFile = Path.Combine(signing.FullName, "key.pub");
        File.Copy(key + ".pub", publicFile);
        var message = Path.Combine(signing.FullName, "message");
        await File.WriteAllTextAsync(message, "signed through composer's agent " + type + bits);
        await RunAsync("/usr/bin/ssh-keygen", ["-Y", "sign", "-f", publicFile, "-n", "test", message], served.Socket);
        var allowed = Path.Combine(signing.FullName, "allowed_signers");
        await File.WriteAllTextAsync(allowed, "me@test " + publicLine + "\n");
        var verified = await RunAsync("/usr/bin/ssh-keygen", ["-Y", "verify", "-f", allowed, "-I", "me@test", "-n", "test", "-s", message + ".sig"], served.Socket, stdin: message);
        Assert.Contains("Good \"test\" signature for me@test", verified);
        Assert.True(served.Signatures > 0, "ssh-keygen signed without the agent");
    }

    [Theory]
    [InlineData(0u, "ssh-rsa")]
    [InlineData(2u, "rsa-sha2-256")]
    [InlineData(4u, "rsa-sha2-512")]
    public async Task Rsa_signs_with_the_hash_the_flags_ask_for(uint flags, string algorithm)
    {
        var key = (RsaPrivateKey)SshKeyFile.Read(await KeygenAsync("rsa", 2048, ""));
        var data = "data to sign"u8.ToArray();
        var answer = new SshKeyAgent([key]).Answer(Request(13, w => w.String(key.PublicBlob).String(data).UInt32(flags)));

        var reader = new SshReader(answer.AsSpan(4));
        Assert.Equal(14, reader.Byte());
        var signature = new SshReader(reader.String());
        Assert.Equal(algorithm, signature.Text());
        var blob = new SshReader(key.PublicBlob);
        blob.Text();
        using var rsa = RSA.Create(new RSAParameters { Exponent = blob.MPInt(), Modulus = blob.MPInt() });
        var hash = algorithm switch { "rsa-sha2-512" => HashAlgorithmName.SHA512, "rsa-sha2-256" => HashAlgorithmName.SHA256, _ => HashAlgorithmName.SHA1 };
        Assert.True(rsa.VerifyData(data, signature.String(), hash, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Only_listing_and_signing_with_a_held_key_are_answered()
    {
        var held = SshKeyFile.Read(await KeygenAsync("ed25519", 0, ""));
        var other = SshKeyFile.Read(await KeygenAsync("ed25519", 0, ""));
        var agent = new SshKeyAgent([held]);
        Assert.Equal(AgentMessages.Failure, agent.Answer(Request(13, w => w.String(other.PublicBlob).String([1, 2]).UInt32(0))));
        Assert.Equal(AgentMessages.Failure, agent.Answer(Request(19, _ => { })));                    // remove all
        Assert.Equal(AgentMessages.Failure, agent.Answer(Request(17, w => w.Text("ssh-ed25519")))); // add
        Assert.Equal(AgentMessages.Failure, agent.Answer(Request(13, w => w.UInt32(99))));           // cut short
        var listing = new SshReader(agent.Answer(Request(11, _ => { })).AsSpan(4));
        Assert.Equal(12, listing.Byte());
        Assert.Equal(1u, listing.UInt32());
    }

    /// <summary>PEM and PKCS#8 as ssh-keygen -m writes them and as openssl writes an ed25519 key: the same public key as ssh-keygen -y reads.</summary>
    [Theory]
    [InlineData("rsa", "PEM", "-----BEGIN RSA PRIVATE KEY-----")]
    [InlineData("rsa", "PKCS8", "-----BEGIN PRIVATE KEY-----")]
    [InlineData("ecdsa", "PEM", "-----BEGIN EC PRIVATE KEY-----")]
    [InlineData("ecdsa", "PKCS8", "-----BEGIN PRIVATE KEY-----")]
    [InlineData("ed25519", "openssl", "-----BEGIN PRIVATE KEY-----")]
    public async Task Pem_keys_are_read_with_the_public_key_ssh_keygen_derives(string type, string format, string begins)
    {
        string key, derived;
        if (format == "openssl") // ssh-keygen reads no PKCS#8 ed25519; openssl's public key (the DER's last 32 bytes) makes the blob
        {
            key = Path.Combine(_directory.FullName, "openssl_ed25519");
            await RunAsync("/usr/bin/openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]);
            await RunAsync("/usr/bin/openssl", ["pkey", "-in", key, "-pubout", "-outform", "DER", "-out", key + ".der"]);
            derived = Convert.ToBase64String(new SshWriter().Text("ssh-ed25519").String((await File.ReadAllBytesAsync(key + ".der"))[^32..]).ToArray());
        }
        else
        {
            key = await KeygenAsync(type, type == "rsa" ? 2048 : 384, "", "-m", format);
            derived = (await RunAsync("/usr/bin/ssh-keygen", ["-y", "-f", key])).Split(' ')[1].Trim();
        }
        Assert.StartsWith(begins, await File.ReadAllTextAsync(key));

        var read = SshKeyFile.Read(key);
        Assert.Equal(derived, Convert.ToBase64String(read.PublicBlob));
        Assert.Equal(key, read.Comment); // PEM has no comment: listed by path, as ssh-add does
    }

    [Fact]
    public async Task Passphrase_protected_keys_are_refused_naming_the_file()
    {
        foreach (var format in new[] { "RFC4716", "PEM", "PKCS8" })
        {
            var key = await KeygenAsync(format == "RFC4716" ? "ed25519" : "ecdsa", 256, "secret phrase", "-m", format);
            var error = Assert.Throws<SshKeyFileException>(() => SshKeyFile.Read(key));
            Assert.Equal($"{key} is protected by a passphrase, which composer cannot ask for (nor can docker compose): "
                + $"load it into an agent (ssh-add {key}) and give the agent's socket instead", error.Message);
        }
    }

    [Fact]
    public void Files_that_are_no_usable_key_are_refused_naming_them()
    {
        var text = Path.Combine(_directory.FullName, "notes.txt");
        File.WriteAllText(text, "not a key\n");
        Assert.Equal($"{text} is neither an ssh agent socket nor a private key (no -----BEGIN ... PRIVATE KEY----- block)",
            Assert.Throws<SshKeyFileException>(() => SshKeyFile.Read(text)).Message);

        var certificate = Path.Combine(_directory.FullName, "cert.pem");
        File.WriteAllText(certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Assert.Equal($"{certificate} holds a \"CERTIFICATE\", not a private key ssh can use",
            Assert.Throws<SshKeyFileException>(() => SshKeyFile.Read(certificate)).Message);

        var truncated = Path.Combine(_directory.FullName, "id_truncated");
        File.WriteAllText(truncated, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Assert.StartsWith($"{truncated} is not a valid OPENSSH PRIVATE KEY (",
            Assert.Throws<SshKeyFileException>(() => SshKeyFile.Read(truncated)).Message);
    }

    [Fact]
    public async Task An_id_with_several_key_files_serves_them_all_and_a_socket_with_keys_is_refused()
    {
        var first = await KeygenAsync("ed25519", 0, "");
        var second = await KeygenAsync("ecdsa", 256, "");
        var agents = await SshForwardAgents.ResolveAsync([new BuildSshAgent("deploy", $"{first},{second}")], _ => null, CancellationToken.None);
        var keys = Assert.IsType<SshKeyAgent>(agents["deploy"]).Keys;
        Assert.Equal([SshKeyFile.Read(first).PublicBlob, SshKeyFile.Read(second).PublicBlob], keys.Select(k => k.PublicBlob));

        var defaults = await SshForwardAgents.ResolveAsync([new BuildSshAgent("default")], name => name == "SSH_AUTH_SOCK" ? first : null, CancellationToken.None);
        Assert.IsType<SshKeyAgent>(defaults["default"]);

        await using var served = Serve(new SshKeyAgent([]));
        var error = await Assert.ThrowsAsync<SshAgentException>(() =>
            SshForwardAgents.ResolveAsync([new BuildSshAgent("deploy", $"{first},{served.Socket}")], _ => null, CancellationToken.None));
        Assert.Equal($"ssh id \"deploy\": {served.Socket} is an agent socket and the other paths are key files; give an id either one socket or key files", error.Message);

        var encrypted = await KeygenAsync("ed25519", 0, "secret phrase");
        error = await Assert.ThrowsAsync<SshAgentException>(() =>
            SshForwardAgents.ResolveAsync([new BuildSshAgent("github", encrypted)], _ => null, CancellationToken.None));
        Assert.StartsWith($"ssh id \"github\": {encrypted} is protected by a passphrase", error.Message);
    }

    private static byte[] Request(byte type, Action<SshWriter> body)
    {
        var message = new SshWriter().Byte(type);
        body(message);
        return new SshWriter().String(message.ToArray()).ToArray();
    }

    private int _keys;

    private async Task<string> KeygenAsync(string type, int bits, string passphrase, params string[] more)
    {
        var key = Path.Combine(_directory.FullName, $"id_{type}_{++_keys}");
        string[] size = bits > 0 && type != "ed25519" ? ["-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, .. size, "-N", passphrase, "-C", $"composer-test-{type}-{_keys}", "-f", key, .. more]);
        return key;
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string? agentSocket = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.Environment["SSH_AUTH_SOCK"] = agentSocket ?? "";
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.BaseStream.WriteAsync(await File.ReadAllBytesAsync(stdin));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        return await output + await error;
    }

    /// <summary>The agent on a unix socket of its own, one connection at a time, as the session serves it to a build.</summary>
    private ServedAgent Serve(SshKeyAgent agent) => new(Path.Combine(_directory.FullName, $"agent{++_keys}.sock"), agent);

    private sealed class ServedAgent : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private int _signatures;

        public ServedAgent(string socket, SshKeyAgent agent)
        {
            Socket = socket;
            _listener.Bind(new UnixDomainSocketEndPoint(socket));
            _listener.Listen();
            _serving = Task.Run(() => ServeAsync(agent));
        }

        public string Socket { get; }
        public int Signatures => Volatile.Read(ref _signatures);

        private async Task ServeAsync(SshKeyAgent agent)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var connection = await _listener.AcceptAsync(_stop.Token);
                await using var stream = new NetworkStream(connection);
                try
                {
                    while (true)
                    {
                        var request = await AgentMessages.ReadOneAsync(stream, _stop.Token);
                        if (request[4] == AgentMessages.SignRequest) Interlocked.Increment(ref _signatures);
                        await stream.WriteAsync(agent.Answer(request), _stop.Token);
                    }
                }
                catch (EndOfStreamException)
                {
                    // the client hung up
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            try
            {
                await _serving;
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
            _stop.Dispose();
        }
    }
}
