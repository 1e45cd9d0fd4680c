using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Composer.Engine.BuildKit;

/// <summary>
/// The server side of one HTTP/2 connection (RFC 9113) over a stream we already hold: the engine
/// hijacks our `/session` request and then calls us as a gRPC client on that connection. Enough
/// of HTTP/2 for gRPC: streams opened by the peer, flow control both ways, SETTINGS, PING,
/// RST_STREAM and GOAWAY. Each request stream is handed to <see cref="GrpcCall"/>.
/// </summary>
internal sealed class Http2Server
{
    private const int FrameData = 0, FrameHeaders = 1, FramePriority = 2, FrameReset = 3, FrameSettings = 4,
        FramePushPromise = 5, FramePing = 6, FrameGoAway = 7, FrameWindowUpdate = 8, FrameContinuation = 9;
    private const byte FlagEndStream = 0x1, FlagAck = 0x1, FlagEndHeaders = 0x4, FlagPadded = 0x8, FlagPriority = 0x20;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private readonly Stream _stream;
    private readonly Func<GrpcCall, Task> _handler;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HpackDecoder _hpack = new();
    private readonly ConcurrentDictionary<int, GrpcCall> _calls = new();
    private readonly object _windowLock = new();
    private TaskCompletionSource _windowChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _connectionWindow = 65535;
    private int _peerInitialWindow = 65535;
    private int _peerMaxFrame = 16384;
    private volatile bool _closed;

    public Http2Server(Stream stream, Func<GrpcCall, Task> handler)
    {
        _stream = stream;
        _handler = handler;
    }

    /// <summary>Serves the connection until the peer closes it or the token is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var preface = new byte[Preface.Length];
            await _stream.ReadExactlyAsync(preface, cancellationToken).ConfigureAwait(false);
            if (!preface.AsSpan().SequenceEqual(Preface)) throw new InvalidDataException("the engine did not start HTTP/2 on the session");
            await WriteFrameAsync(FrameSettings, 0, 0, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // The engine closed the session (the build ended), we were told to stop, or the engine sent what we cannot
            // read: the session ends, and the engine reports the build as failed with its own words.
        }
        finally
        {
            _closed = true;
            foreach (var call in _calls.Values) call.Abort();
            lock (_windowLock) _windowChanged.TrySetResult();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var header = new byte[9];
        GrpcCall? pendingHeaders = null;
        var headerBlock = new MemoryStream();
        var headerEndStream = false;
        while (true)
        {
            await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            var type = header[3];
            var flags = header[4];
            var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF);
            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);

            switch (type)
            {
                case FrameData:
                {
                    var data = Unpad(payload, flags);
                    if (_calls.TryGetValue(streamId, out var call)) call.Receive(data, (flags & FlagEndStream) != 0);
                    if (length > 0)
                    {
                        // What arrives is buffered at once, so the window is handed back at once.
                        await WindowUpdateAsync(0, length, cancellationToken).ConfigureAwait(false);
                        if ((flags & FlagEndStream) == 0) await WindowUpdateAsync(streamId, length, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                }
                case FrameHeaders:
                {
                    var block = Unpad(payload, flags);
                    if ((flags & FlagPriority) != 0) block = block[5..];
                    headerBlock.SetLength(0);
                    headerBlock.Write(block.Span);
                    headerEndStream = (flags & FlagEndStream) != 0;
                    if (_calls.TryGetValue(streamId, out var existing))
                    {
                        // Trailers from the client: only their end of stream matters.
                        if (headerEndStream) existing.Receive(ReadOnlyMemory<byte>.Empty, true);
                        if ((flags & FlagEndHeaders) != 0) _hpack.Decode(headerBlock.ToArray());
                        break;
                    }
                    pendingHeaders = new GrpcCall(this, streamId, _peerInitialWindow);
                    if ((flags & FlagEndHeaders) != 0) StartCall(pendingHeaders, headerBlock.ToArray(), headerEndStream);
                    break;
                }
                case FrameContinuation:
                    headerBlock.Write(payload);
                    if ((flags & FlagEndHeaders) != 0 && pendingHeaders is { } started && started.StreamId == streamId)
                        StartCall(started, headerBlock.ToArray(), headerEndStream);
                    else if ((flags & FlagEndHeaders) != 0) _hpack.Decode(headerBlock.ToArray());
                    break;
                case FrameReset:
                    if (_calls.TryRemove(streamId, out var reset)) reset.Abort();
                    break;
                case FrameSettings:
                    if ((flags & FlagAck) == 0)
                    {
                        ApplySettings(payload);
                        await WriteFrameAsync(FrameSettings, FlagAck, 0, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                case FramePing:
                    if ((flags & FlagAck) == 0) await WriteFrameAsync(FramePing, FlagAck, 0, payload, cancellationToken).ConfigureAwait(false);
                    break;
                case FrameGoAway:
                    return;
                case FrameWindowUpdate:
                {
                    var increment = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF);
                    lock (_windowLock)
                    {
                        if (streamId == 0) _connectionWindow += increment;
                        else if (_calls.TryGetValue(streamId, out var call)) call.SendWindow += increment;
                        SignalWindow();
                    }
                    break;
                }
                case FramePriority:
                case FramePushPromise:
                default:
                    break; // ignored, as RFC 9113 allows for unknown and advisory frames
            }
        }
    }

    private void StartCall(GrpcCall call, byte[] block, bool endStream)
    {
        call.SetHeaders(_hpack.Decode(block));
        _calls[call.StreamId] = call;
        if (endStream) call.Receive(ReadOnlyMemory<byte>.Empty, true);
        _ = Task.Run(async () =>
        {
            try
            {
                await _handler(call).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                await call.FailAsync(error).ConfigureAwait(false);
            }
            finally
            {
                _calls.TryRemove(call.StreamId, out _);
            }
        });
    }

    private void ApplySettings(byte[] payload)
    {
        for (var i = 0; i + 6 <= payload.Length; i += 6)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(i));
            var value = (int)BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(i + 2));
            if (id == 4)
            {
                lock (_windowLock)
                {
                    var delta = value - _peerInitialWindow;
                    _peerInitialWindow = value;
                    foreach (var call in _calls.Values) call.SendWindow += delta;
                    SignalWindow();
                }
            }
            else if (id == 5) _peerMaxFrame = value;
        }
    }

    private void SignalWindow()
    {
        _windowChanged.TrySetResult();
        _windowChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static ReadOnlyMemory<byte> Unpad(byte[] payload, byte flags)
    {
        if ((flags & FlagPadded) == 0) return payload;
        var pad = payload[0];
        return payload.AsMemory(1, payload.Length - 1 - pad);
    }

    private Task WindowUpdateAsync(int streamId, int increment, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        return WriteFrameAsync(FrameWindowUpdate, 0, streamId, payload, cancellationToken);
    }

    internal Task WriteHeadersAsync(int streamId, IEnumerable<(string, string)> fields, bool endStream, CancellationToken cancellationToken) =>
        WriteFrameAsync(FrameHeaders, (byte)(FlagEndHeaders | (endStream ? FlagEndStream : 0)), streamId, HpackEncoder.Encode(fields), cancellationToken);

    /// <summary>Sends data within the peer's connection and stream windows, in frames no larger than it accepts.</summary>
    internal async Task WriteDataAsync(GrpcCall call, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            Task wait;
            int chunk;
            lock (_windowLock)
            {
                if (_closed || call.Aborted) throw new IOException("the engine closed the stream");
                chunk = (int)Math.Min(Math.Min(_connectionWindow, call.SendWindow), Math.Min(_peerMaxFrame, data.Length));
                if (chunk > 0)
                {
                    _connectionWindow -= chunk;
                    call.SendWindow -= chunk;
                }
                wait = _windowChanged.Task;
            }
            if (chunk <= 0)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            await WriteFrameAsync(FrameData, 0, call.StreamId, data[..chunk], cancellationToken).ConfigureAwait(false);
            data = data[chunk..];
        }
    }

    private async Task WriteFrameAsync(int type, byte flags, int streamId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = (byte)type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)streamId);
        payload.CopyTo(frame.AsMemory(9));
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}

/// <summary>
/// One gRPC call the engine makes on the session: its path and metadata, the length-prefixed
/// messages it sends, and our answer (response headers, messages, then grpc-status trailers).
/// </summary>
internal sealed class GrpcCall
{
    private readonly Http2Server _server;
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private ReadOnlyMemory<byte> _current;
    private bool _responseStarted;
    private bool _finished;

    internal GrpcCall(Http2Server server, int streamId, int sendWindow)
    {
        _server = server;
        StreamId = streamId;
        SendWindow = sendWindow;
    }

    public int StreamId { get; }
    internal long SendWindow { get; set; }
    internal bool Aborted { get; private set; }
    public string Path { get; private set; } = "";
    public IReadOnlyList<(string Name, string Value)> Headers { get; private set; } = [];
    private readonly CancellationTokenSource _aborted = new();
    public CancellationToken CallAborted => _aborted.Token;

    /// <summary>All values of a metadata key, in the order sent.</summary>
    public IReadOnlyList<string> Metadata(string key) => [.. Headers.Where(h => h.Name == key).Select(h => h.Value)];

    internal void SetHeaders(List<(string Name, string Value)> headers)
    {
        Headers = headers;
        Path = headers.FirstOrDefault(h => h.Name == ":path").Value ?? "";
    }

    internal void Receive(ReadOnlyMemory<byte> data, bool end)
    {
        if (data.Length > 0) _incoming.Writer.TryWrite(data);
        if (end) _incoming.Writer.TryComplete();
    }

    internal void Abort()
    {
        Aborted = true;
        _incoming.Writer.TryComplete();
        try { _aborted.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>The next message the engine sent, or null when it ended its side.</summary>
    public async Task<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var prefix = new byte[5];
        if (!await ReadExactAsync(prefix, allowEnd: true, cancellationToken).ConfigureAwait(false)) return null;
        if (prefix[0] != 0) throw new InvalidDataException("compressed gRPC messages are not supported");
        var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1))];
        await ReadExactAsync(message, allowEnd: false, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private async Task<bool> ReadExactAsync(byte[] target, bool allowEnd, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < target.Length)
        {
            if (_current.Length == 0)
            {
                if (!await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !_incoming.Reader.TryRead(out _current))
                {
                    if (filled == 0 && allowEnd) return false;
                    throw new EndOfStreamException("the engine ended a gRPC message early");
                }
                continue;
            }
            var take = Math.Min(_current.Length, target.Length - filled);
            _current[..take].CopyTo(target.AsMemory(filled));
            _current = _current[take..];
            filled += take;
        }
        return true;
    }

    public async Task WriteMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await StartResponseAsync(cancellationToken).ConfigureAwait(false);
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed.AsMemory(5));
        await _server.WriteDataAsync(this, framed, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartResponseAsync(CancellationToken cancellationToken)
    {
        if (_responseStarted) return;
        _responseStarted = true;
        await _server.WriteHeadersAsync(StreamId, [(":status", "200"), ("content-type", "application/grpc")], false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the call with a gRPC status (0 is OK).</summary>
    public async Task FinishAsync(int status, string? message, CancellationToken cancellationToken)
    {
        if (_finished || Aborted) return;
        _finished = true;
        var trailers = new List<(string, string)>();
        if (!_responseStarted) trailers.AddRange([(":status", "200"), ("content-type", "application/grpc")]);
        _responseStarted = true;
        trailers.Add(("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (message is { Length: > 0 }) trailers.Add(("grpc-message", Uri.EscapeDataString(message)));
        await _server.WriteHeadersAsync(StreamId, trailers, true, cancellationToken).ConfigureAwait(false);
    }

    internal async Task FailAsync(Exception error)
    {
        try
        {
            await FinishAsync(GrpcStatus.Unknown, error.Message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception closed) when (closed is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone; there is no one left to tell.
        }
    }
}

internal static class GrpcStatus
{
    public const int Ok = 0, Unknown = 2, NotFound = 5, Unimplemented = 12;
}
