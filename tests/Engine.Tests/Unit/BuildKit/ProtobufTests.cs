using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>The hand-written protobuf of fsutil's Packet and Stat, byte for byte as Go's encoder writes them.</summary>
public sealed class ProtobufTests
{
    [Fact]
    public void A_request_packet_reads_as_type_and_id()
    {
        // PACKET_REQ (1) for file 5, as the engine sends it.
        Assert.Equal((1, 5u, Array.Empty<byte>()), FileSync.ReadPacket([0x08, 0x01, 0x18, 0x05]));
    }

    [Fact]
    public void A_data_packet_carries_its_id_and_bytes()
    {
        Assert.Equal(Convert.FromHexString("0802180722036162 63".Replace(" ", "")), FileSync.Packet(2, null, 7, "abc"u8));
    }

    [Fact]
    public void The_last_stat_is_an_empty_stat_packet()
    {
        // type 0 and no stat: nothing at all on the wire.
        Assert.Empty(FileSync.Packet(0, null));
    }

    [Fact]
    public void A_stat_packet_nests_the_stat_message()
    {
        var stat = new ProtoWriter().String(1, "a/b").Varint(2, 0x800001ED).Varint(6, 1_700_000_000_000_000_000);
        var packet = FileSync.Packet(0, stat);
        var nested = Assert.Single(ProtoReader.Fields(packet));
        Assert.Equal(2, nested.Number);
        var fields = ProtoReader.Fields(nested.Bytes).ToList();
        Assert.Equal("a/b", fields[0].Text);
        Assert.Equal(0x800001EDul, fields[1].Varint);
        Assert.Equal(1_700_000_000_000_000_000ul, fields[2].Varint);
    }

    [Fact]
    public void Varints_of_many_bytes_round_trip()
    {
        var encoded = new ProtoWriter().Varint(3, ulong.MaxValue).ToArray();
        Assert.Equal(ulong.MaxValue, Assert.Single(ProtoReader.Fields(encoded)).Varint);
    }
}
