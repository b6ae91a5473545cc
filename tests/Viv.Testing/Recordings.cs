using System.Buffers.Binary;
using System.Text;

namespace Viv.Testing;

/// <summary>
/// Recordings made byte by byte as a browser's MediaRecorder writes them, for the tests of video
/// messages that need no browser: WebM as Chromium records it (a segment and clusters of unknown size,
/// no duration, no cues), and MP4 with its duration in the movie header.
/// </summary>
public static class Recordings
{
    /// <summary>A WebM of <paramref name="seconds"/> seconds: a frame every 100 ms on each track, a cluster a second.</summary>
    public static byte[] Webm(double seconds, bool video = true, bool audio = true, string videoCodec = "V_VP8", int frameBytes = 200)
    {
        List<byte[]> tracks = [];
        if (video)
        {
            tracks.Add(Element(0xAE, Uint(0xD7, 1), Uint(0x83, 1), Text(0x86, videoCodec)));
        }
        if (audio)
        {
            tracks.Add(Element(0xAE, Uint(0xD7, 2), Uint(0x83, 2), Text(0x86, "A_OPUS")));
        }
        using var file = new MemoryStream();
        file.Write(Element(0x1A45DFA3, Uint(0x4286, 1), Text(0x4282, "webm"), Uint(0x4287, 4), Uint(0x4285, 2)));
        file.Write([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        file.Write(Element(0x1549A966, Uint(0x2AD7B1, 1_000_000), Text(0x4D80, "Chrome"), Text(0x5741, "Chrome")));
        file.Write(Element(0x1654AE6B, [.. tracks]));
        var lastMs = (int)(seconds * 1000);
        for (var clusterMs = 0; clusterMs <= lastMs; clusterMs += 1000)
        {
            file.Write([0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            file.Write(Uint(0xE7, (ulong)clusterMs));
            for (var at = 0; at < 1000 && clusterMs + at <= lastMs; at += 100)
            {
                for (var track = 1; track <= tracks.Count; track++)
                {
                    var block = new byte[4 + frameBytes];
                    block[0] = (byte)(0x80 | track);
                    BinaryPrimitives.WriteInt16BigEndian(block.AsSpan(1), (short)at);
                    block[3] = 0x80;
                    file.Write(Element(0xA3, block));
                }
            }
        }
        return file.ToArray();
    }

    /// <summary>An MP4 of <paramref name="seconds"/> seconds whose tracks are of <paramref name="codecs"/> (sample entry types).</summary>
    public static byte[] Mp4(double seconds, params string[] codecs)
    {
        var mvhd = new byte[100];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(12), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(16), (uint)(seconds * 1000));
        var traks = codecs.Select(codec =>
        {
            var handler = new byte[24];
            Encoding.ASCII.GetBytes(codec is "mp4a" or "Opus" ? "soun" : "vide").CopyTo(handler, 8);
            var stsd = new byte[16 + 8];
            BinaryPrimitives.WriteUInt32BigEndian(stsd.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt32BigEndian(stsd.AsSpan(8), 16);
            Encoding.ASCII.GetBytes(codec).CopyTo(stsd, 12);
            return Box("trak", Box("mdia", Box("hdlr", handler), Box("minf", Box("stbl", Box("stsd", stsd)))));
        });
        return [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2avc1mp41"u8]), .. Box("moov", [.. Box("mvhd", mvhd), .. traks.SelectMany(t => t)]), .. Box("mdat", new byte[64])];
    }

    private static byte[] Box(string type, params byte[][] children)
    {
        var content = children.SelectMany(c => c).ToArray();
        var box = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        content.CopyTo(box, 8);
        return box;
    }

    private static byte[] Element(uint id, params byte[][] children)
    {
        var content = children.SelectMany(c => c).ToArray();
        var idBytes = BitConverter.GetBytes(id).Reverse().SkipWhile(b => b == 0).ToArray();
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)content.Length);
        size[0] = 0x01;
        return [.. idBytes, .. size, .. content];
    }

    private static byte[] Uint(uint id, ulong value) => Element(id, BitConverter.GetBytes(value).Reverse().SkipWhile(b => b == 0).DefaultIfEmpty((byte)0).ToArray());

    private static byte[] Text(uint id, string value) => Element(id, Encoding.ASCII.GetBytes(value));
}
