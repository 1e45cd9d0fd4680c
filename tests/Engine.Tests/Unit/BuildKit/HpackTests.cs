using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>HPACK as RFC 7541 defines it, checked against the RFC's own examples (appendix C).</summary>
public sealed class HpackTests
{
    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData('0', 0x0u, 5)]
    [InlineData('a', 0x3u, 5)]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('A', 0x21u, 6)]
    [InlineData('z', 0x7bu, 7)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)]
    public void The_canonical_code_rebuilt_from_lengths_is_the_rfc_table(int symbol, uint code, int length)
    {
        Assert.Equal(length, Huffman.LengthOf(symbol));
        Assert.Equal(code, Huffman.CodeOf(symbol));
    }

    [Fact]
    public void Huffman_decodes_the_rfc_example()
    {
        Assert.Equal("www.example.com"u8.ToArray(), Huffman.Decode(Convert.FromHexString("f1e3c2e5f23a6ba0ab90f4ff")));
        Assert.Equal("no-cache"u8.ToArray(), Huffman.Decode(Convert.FromHexString("a8eb10649cbf")));
    }

    [Fact]
    public void Huffman_refuses_padding_that_is_not_ones()
    {
        Assert.Throws<InvalidDataException>(() => Huffman.Decode([0x00])); // "0" (00000), then 000: padding must be ones
        Assert.Throws<InvalidDataException>(() => Huffman.Decode([0xFF, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void An_integer_over_its_prefix_continues_in_the_next_bytes()
    {
        var position = 0;
        Assert.Equal(1337, HpackDecoder.ReadInteger(Convert.FromHexString("1f9a0a"), ref position, 5));
        Assert.Equal(3, position);
    }

    [Fact]
    public void Requests_with_huffman_and_the_dynamic_table_decode_as_in_rfc_appendix_c4()
    {
        var decoder = new HpackDecoder();
        Assert.Equal(
            [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")],
            decoder.Decode(Convert.FromHexString("828684418cf1e3c2e5f23a6ba0ab90f4ff")));
        Assert.Equal(
            [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")],
            decoder.Decode(Convert.FromHexString("828684be5886a8eb10649cbf")));
        Assert.Equal(
            [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")],
            decoder.Decode(Convert.FromHexString("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf")));
    }

    [Fact]
    public void What_the_encoder_writes_the_decoder_reads_back()
    {
        var fields = new[] { (":status", "200"), ("content-type", "application/grpc"), ("grpc-message", new string('x', 300)) };
        Assert.Equal(fields, new HpackDecoder().Decode(HpackEncoder.Encode(fields)));
    }

    [Fact]
    public void A_table_size_update_evicts_entries()
    {
        var decoder = new HpackDecoder();
        decoder.Decode(Convert.FromHexString("828684418cf1e3c2e5f23a6ba0ab90f4ff")); // adds :authority to the dynamic table
        Assert.Throws<InvalidDataException>(() => decoder.Decode(Convert.FromHexString("20be"))); // size 0, then index 62: gone
    }
}
