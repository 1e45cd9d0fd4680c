using System.Text;
using System.Text.Unicode;

namespace Composer.Model;

/// <summary>
/// Reads the files the loader is given (compose files, env files) with bounds: only regular files, at most a
/// fixed size (checked on the metadata before opening and again while reading, as a file can grow), strict
/// UTF-8 (a bad byte is reported with its line:col). Without this `env_file: /dev/zero` reads until memory
/// runs out and a FIFO blocks forever. Errors are <see cref="ComposeModelException"/>s naming the file.
/// </summary>
public static class InputFiles
{
    /// <summary>
    /// 1 MiB. Real compose files are a few KiB; large generated ones stay well under 1 MiB (that is some 25 000
    /// lines). The loader costs about 1 s and 60 MB per MiB of YAML (YamlDotNet's parser alone 0.1 s), and a
    /// hostile file must stay within 2 s and 300 MB (bench/Model.Bench --hostile measures it): 1 MiB does.
    /// </summary>
    public const long MaxComposeFileBytes = 1L << 20;

    /// <summary>
    /// 1 MiB. Env files hold tens to hundreds of variables; 1 MiB is some 50 000 of them. Their values are copied
    /// into every service that names the file, which <see cref="MaxServiceEnvFileVariables"/> bounds.
    /// </summary>
    public const long MaxEnvFileBytes = 1L << 20;

    /// <summary>
    /// 250 000: how many variables all `env_file`s may hand to services in one project, counted once per service
    /// that names a file. Far above real use (a thousand services with 250 variables each), and it keeps one
    /// 1 MiB env file named by a thousand services from building tens of millions of entries (each entry of a
    /// service's environment costs about 1.5 µs and 100 bytes to build).
    /// </summary>
    public const long MaxServiceEnvFileVariables = 250_000;

    /// <summary>
    /// 10 000 services per project (all files, includes and extends merged). Each service costs the loader some
    /// 70 µs and 3 KB however small it is written, so a 1 MiB file of one-line services would take 2.5 s; real
    /// projects have tens, a container per service, and the engine would not run 10 000 of them on one host.
    /// </summary>
    public const int MaxServices = 10_000;

    /// <summary>
    /// 2 000 000 YAML nodes (scalars, entries, lists) that `extends` may copy into services in all, the same bound
    /// the reader puts on alias expansion: the 1000-service benchmark, every service extending a chain of two,
    /// copies some 60 000.
    /// </summary>
    public const long MaxExtendsNodes = 2_000_000;

    /// <summary>Reads a compose file (<paramref name="what"/> is "compose file" in messages).</summary>
    public static string ReadComposeFile(string path) => ReadText(path, MaxComposeFileBytes, "compose file");

    /// <summary>Reads an env file (`env_file`, `--env-file`, `.env`, `run --env-from-file`).</summary>
    public static string ReadEnvFile(string path) => ReadText(path, MaxEnvFileBytes, "env file");

    /// <summary>Reads <paramref name="path"/> as UTF-8 text of at most <paramref name="maxBytes"/> bytes.</summary>
    public static string ReadText(string path, long maxBytes, string what)
    {
        byte[] bytes;
        try
        {
            CheckMetadata(path, maxBytes, what);
            bytes = ReadAtMost(path, maxBytes) ?? throw Refuse(path, TooLarge(what, maxBytes, null));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refuse(path, $"cannot read {what}: {e.Message}");
        }
        return Decode(path, bytes, what);
    }

    /// <summary>
    /// `-f -`: a compose file from a stream (stdin), read up to <see cref="MaxComposeFileBytes"/> and decoded as
    /// strictly as a file; <paramref name="name"/> is the path messages give it. `yes | composer -f - config`
    /// is refused at the cap instead of reading until memory runs out.
    /// </summary>
    public static string ReadComposeStream(Stream stream, string name)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > MaxComposeFileBytes) throw Refuse(name, TooLarge("compose file", MaxComposeFileBytes, null));
            buffer.Write(chunk, 0, n);
        }
        return Decode(name, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "compose file");
    }

    /// <summary>
    /// Why a file that was looked for cannot be read, for messages: a folder of that name is not "not found".
    /// </summary>
    public static string WhyMissing(string path) => Directory.Exists(path) ? "is a directory, not a regular file" : "not found";

    /// <summary>
    /// Refuses, before anything is opened, a path that is not a regular file or is larger than
    /// <paramref name="maxBytes"/>. A missing file passes: the caller's open reports it in its own words.
    /// </summary>
    public static void CheckMetadata(string path, long maxBytes, string what)
    {
        var kind = FileKind(path);
        if (kind is not null) throw Refuse(path, $"{what} is {kind}, not a regular file");
        var info = new FileInfo(path);
        if (info.Exists && info.Length > maxBytes) throw Refuse(path, TooLarge(what, maxBytes, info.Length));
    }

    /// <summary>
    /// Strict UTF-8 to text, without a leading byte order mark (as File.ReadAllText). A UTF-16 BOM is honoured,
    /// as YAML allows UTF-16 files. Invalid bytes are refused with the line and column where they start.
    /// </summary>
    internal static string Decode(string file, ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            try { return new UnicodeEncoding(bytes[0] == 0xFE, true, true).GetString(bytes[2..]); }
            catch (DecoderFallbackException) { throw new ComposeModelException([new Diagnostic(file, 1, 1, "", $"{what} starts with a UTF-16 byte order mark but is not valid UTF-16")]); }
        }
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) bytes = bytes[3..];
        if (!Utf8.IsValid(bytes))
        {
            var chars = new char[bytes.Length];
            Utf8.ToUtf16(bytes, chars, out var validBytes, out _, replaceInvalidSequences: false);
            var (line, col) = Position(bytes[..validBytes]);
            throw new ComposeModelException([new Diagnostic(file, line, col, "", $"{what} is not valid UTF-8: byte 0x{bytes[validBytes]:X2} at offset {validBytes}")]);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The line and column (in characters, from 1) just after <paramref name="valid"/>, a valid UTF-8 prefix.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> valid)
    {
        var lastNewline = valid.LastIndexOf((byte)'\n');
        var line = 1 + valid.Count((byte)'\n');
        var column = 1 + Encoding.UTF8.GetCharCount(valid[(lastNewline + 1)..]);
        return (line, column);
    }

    /// <summary>The file's bytes, or null when there are more than <paramref name="maxBytes"/> (it grew, or has no size).</summary>
    private static byte[]? ReadAtMost(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > maxBytes) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static string TooLarge(string what, long max, long? size) =>
        $"{what} is larger than the {(max % (1 << 20) == 0 ? $"{max >> 20} MiB" : $"{max} bytes")} limit{(size is { } s ? $" ({s} bytes)" : "")}";

    private static ComposeModelException Refuse(string path, string message) =>
        new([new Diagnostic(path, 1, 1, "", message)]);

    /// <summary>
    /// Null for a regular file (or when the kind cannot be told); else what it is ("a directory", "a FIFO", ...).
    /// Looked up before opening: opening a FIFO would block until someone writes to it.
    /// </summary>
    internal static string? FileKind(string path) => Directory.Exists(path) ? "a directory" : Platform.UnixFile.KindOf(path) switch
    {
        null or Platform.UnixFileKind.Regular => null,
        Platform.UnixFileKind.Directory => "a directory",
        Platform.UnixFileKind.Fifo => "a FIFO (named pipe)",
        Platform.UnixFileKind.CharacterDevice => "a character device",
        Platform.UnixFileKind.BlockDevice => "a block device",
        Platform.UnixFileKind.Socket => "a socket",
        _ => "not a regular file",
    };
}
