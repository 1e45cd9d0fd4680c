using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// `build.ssh` / `build --ssh` naming private key files (no docker CLI on composer's PATH, no ssh-agent
/// running): composer serves the keys from an agent of its own. The RUN step speaks the agent protocol:
/// it lists the keys, has each sign an OpenSSH signature request (SSHSIG), and asks to remove them all,
/// which is refused. The signatures it printed are then checked by the real `ssh-keygen -Y verify`.
/// </summary>
public sealed class BuildKitSshKeyTests
{
    private static readonly string EmptyPath = Directory.CreateTempSubdirectory("composer-no-docker-").FullName;
    private const string Namespace = "composer-e2e";
    private const string Message = "signed inside a RUN step by composer's ssh agent\n";

    private static Dictionary<string, string> NoDockerCli() =>
        new() { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = "1", ["SSH_AUTH_SOCK"] = "" };

    /// <summary>
    /// Lists the keys (11 → 12), asks each key to sign /tosign with rsa-sha2-512 allowed (13 → 14, the flag
    /// only matters to RSA), then asks to remove all keys (19), which must fail (5).
    /// </summary>
    private const string AgentProbe = """
        use strict; use IO::Socket::UNIX;
        sub ask { my ($msg) = @_;
          my $s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die "no agent at $ENV{SSH_AUTH_SOCK}: $!";
          print $s pack("N", length $msg) . $msg;
          read($s, my $l, 4) == 4 or die "short answer"; my $n = unpack("N", $l);
          read($s, my $b, $n) == $n or die "short answer"; close $s; return $b; }
        sub str { return pack("N", length $_[0]) . $_[0]; }
        open(my $f, "<", "/tosign") or die "no /tosign"; binmode $f; my $data = do { local $/; <$f> }; close $f;
        my $r = ask(chr(11));
        my ($type, $count) = unpack("CN", $r); print "answer $type keys $count\n";
        my $p = 5; my @blobs;
        for (1 .. $count) {
          my $bl = unpack("N", substr($r, $p, 4)); my $blob = substr($r, $p + 4, $bl); $p += 4 + $bl;
          my $cl = unpack("N", substr($r, $p, 4)); my $c = substr($r, $p + 4, $cl); $p += 4 + $cl;
          push @blobs, $blob; print "key " . unpack("H*", $blob) . " $c\n"; }
        my $i = 0;
        for my $blob (@blobs) {
          my $a = ask(chr(13) . str($blob) . str($data) . pack("N", 4));
          my $sl = unpack("N", substr($a, 1, 4));
          print "signature $i answer " . ord($a) . " " . unpack("H*", substr($a, 5, $sl)) . "\n"; $i++; }
        print "remove-all answer " . ord(ask(chr(19))) . "\n";
        """;

    private sealed record Key(string Path, string PublicLine)
    {
        public string Comment => PublicLine.Split(' ')[2];
        public byte[] Blob => Convert.FromBase64String(PublicLine.Split(' ')[1]);
    }

    private static async Task<Key> KeygenAsync(string directory, string type, string passphrase = "")
    {
        var path = Path.Combine(directory, "id_" + type);
        var comment = "sshk-" + type + "-" + Guid.NewGuid().ToString("N")[..8];
        (await ProcessRunner.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-C", comment, "-f", path])).EnsureSuccess("ssh-keygen");
        return new Key(path, (await File.ReadAllTextAsync(path + ".pub")).Trim());
    }

    private static byte[] SshString(byte[] value)
    {
        var framed = new byte[4 + value.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)value.Length);
        value.CopyTo(framed, 4);
        return framed;
    }

    private static byte[] SshString(string value) => SshString(Encoding.UTF8.GetBytes(value));

    /// <summary>PROTOCOL.sshsig: what a key signs for `ssh-keygen -Y sign -n NAMESPACE` of <see cref="Message"/>.</summary>
    private static byte[] SignedData() =>
        [.. "SSHSIG"u8, .. SshString(Namespace), .. SshString(""), .. SshString("sha512"), .. SshString(SHA512.HashData(Encoding.UTF8.GetBytes(Message)))];

    private static TempProject SshProject(string ssh, string mount)
    {
        var project = new TempProject($"""
            services:
              app:
                build:
                  context: ./app
            {ssh}
            """, prefix: "sshk") { Environment = NoDockerCli() };
        project.Write("app/probe.pl", AgentProbe);
        File.WriteAllBytes(Path.Combine(project.Directory, "app", "tosign"), SignedData());
        project.Write("app/Dockerfile", $"""
            FROM debian:bookworm
            COPY probe.pl tosign /
            RUN {mount} perl /probe.pl
            """);
        return project;
    }

    /// <summary>Each key listed with its comment, each signature (from the build's output) good to ssh-keygen -Y verify, removing refused.</summary>
    private static async Task AssertKeysServedAsync(ProcessResult build, string directory, params Key[] keys)
    {
        Assert.Contains($"answer 12 keys {keys.Length}", build.All);
        Assert.Contains("remove-all answer 5", build.All);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Contains($"key {Convert.ToHexStringLower(keys[i].Blob)} {keys[i].Comment}", build.All);
            var marker = $"signature {i} answer 14 ";
            var at = build.All.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(at >= 0, $"no signature {i} in the build's output:\n{build.All}");
            var hex = new string([.. build.All[(at + marker.Length)..].TakeWhile(Uri.IsHexDigit)]);
            await AssertVerifiesAsync(keys[i], Convert.FromHexString(hex), directory);
        }
    }

    private static async Task AssertVerifiesAsync(Key key, byte[] signature, string directory)
    {
        byte[] sshsig = [.. "SSHSIG"u8, 0, 0, 0, 1, .. SshString(key.Blob), .. SshString(Namespace), .. SshString(""), .. SshString("sha512"), .. SshString(signature)];
        var armored = "-----BEGIN SSH SIGNATURE-----\n"
            + string.Join('\n', Convert.ToBase64String(sshsig).Chunk(70).Select(c => new string(c)))
            + "\n-----END SSH SIGNATURE-----\n";
        var signatureFile = Path.Combine(directory, Path.GetFileName(key.Path) + ".sig");
        await File.WriteAllTextAsync(signatureFile, armored);
        var allowed = Path.Combine(directory, "allowed_signers");
        await File.WriteAllTextAsync(allowed, "signer@sshk " + key.PublicLine + "\n");
        var verified = await ProcessRunner.RunAsync("/usr/bin/ssh-keygen", ["-Y", "verify", "-f", allowed, "-I", "signer@sshk", "-n", Namespace, "-s", signatureFile], stdin: Message);
        Assert.True(verified.ExitCode == 0, $"ssh-keygen -Y verify refused the {key.PublicLine.Split(' ')[0]} signature: {verified.All}");
        Assert.Contains("Good \"composer-e2e\" signature for signer@sshk", verified.All);
    }

    [Fact]
    public async Task Compose_build_ssh_with_a_key_file_serves_it_from_composers_own_agent()
    {
        var keys = Directory.CreateTempSubdirectory("sshk-keys-");
        try
        {
            var key = await KeygenAsync(keys.FullName, "ed25519");
            await using var project = SshProject($"      ssh: [default={key.Path}]", "--mount=type=ssh");
            var build = await project.ComposerOkAsync("build", "--no-cache");
            await AssertKeysServedAsync(build, keys.FullName, key);
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Build_ssh_flag_serves_several_key_files_under_one_id()
    {
        var keys = Directory.CreateTempSubdirectory("sshk-keys-");
        try
        {
            var ecdsa = await KeygenAsync(keys.FullName, "ecdsa");
            var rsa = await KeygenAsync(keys.FullName, "rsa");
            await using var project = SshProject("", "--mount=type=ssh,id=mykey,required=true");
            var build = await project.ComposerOkAsync("build", "--no-cache", "--ssh", $"mykey={ecdsa.Path},{rsa.Path}");
            await AssertKeysServedAsync(build, keys.FullName, ecdsa, rsa);
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Key_files_that_cannot_serve_are_refused_naming_them_before_building()
    {
        var keys = Directory.CreateTempSubdirectory("sshk-keys-");
        try
        {
            var locked = await KeygenAsync(keys.FullName, "ed25519", "a passphrase");
            await using var project = SshProject("", "--mount=type=ssh,id=mykey");
            var result = await project.ComposerAsync("build", "--ssh", $"mykey={locked.Path}");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"ssh id \"mykey\": {locked.Path} is protected by a passphrase", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);

            var notes = Path.Combine(keys.FullName, "notes.txt");
            await File.WriteAllTextAsync(notes, "not a key\n");
            await using var listed = SshProject($"      ssh: [default={notes}]", "--mount=type=ssh");
            result = await listed.ComposerAsync("build");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"ssh id \"default\": {notes} is neither an ssh agent socket nor a private key", result.Stderr);

            foreach (var name in new[] { project.Name, listed.Name })
                Assert.NotEqual(0, (await ProcessRunner.RunAsync("docker", ["image", "inspect", $"{name}-app"])).ExitCode); // nothing built
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }
}
