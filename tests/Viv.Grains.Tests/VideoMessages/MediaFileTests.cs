using System.Text;
using Viv.Testing;
using Viv.VideoMessages;

namespace Viv.Grains.Tests.VideoMessages;

/// <summary>What a recording is, read from its bytes: container, codecs, duration; and what is not one.</summary>
public sealed class MediaFileTests
{
    [Fact]
    public void A_webm_as_Chromium_records_it_is_read_for_its_duration_which_is_then_written_into_it()
    {
        var recorded = Recordings.Webm(5.2);

        var facts = MediaFile.Read(recorded)!;

        (facts.ContentType, facts.HasVideo, facts.Duration).Should().Be(("video/webm", true, TimeSpan.FromSeconds(5.2)));
        facts.Content.Length.Should().Be(recorded.Length + 11, "one Duration element more, in Info");
        var again = MediaFile.Read(facts.Content)!;
        (again.Duration, again.Content.Length).Should().Be((facts.Duration, facts.Content.Length), "the duration written is the one read, and is not written twice");
    }

    [Fact]
    public void Voice_only_recordings_and_mp4_are_read_too()
    {
        (MediaFile.Read(Recordings.Webm(3, video: false))!.ContentType).Should().Be("audio/webm");
        var mp4 = MediaFile.Read(Recordings.Mp4(7.5, "avc1", "mp4a"))!;
        (mp4.ContentType, mp4.Duration).Should().Be(("video/mp4", TimeSpan.FromSeconds(7.5)));
        MediaFile.Read(Recordings.Mp4(2, "Opus"))!.ContentType.Should().Be("audio/mp4");
    }

    [Fact]
    public void A_recording_cut_off_mid_frame_counts_the_frames_it_holds_whole()
    {
        var recorded = Recordings.Webm(4);

        var facts = MediaFile.Read(recorded[..^50]);

        facts!.Duration.Should().BeCloseTo(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(100));
    }

    public static TheoryData<string, byte[]> NotRecordings()
    {
        var webm = Recordings.Webm(2);
        var headerOnly = webm[..40];
        return new()
        {
            { "empty", [] },
            { "text claiming to be webm", Encoding.UTF8.GetBytes("video/webm; this is not a video") },
            { "a PNG", [0x89, .. "PNG\r\n\u001a\n"u8, .. new byte[64]] },
            { "EBML that is not webm", Replace(webm, "webm"u8.ToArray(), "exe!"u8.ToArray()) },
            { "a codec browsers do not play", Recordings.Webm(2, videoCodec: "V_THEORA") },
            { "no tracks at all", Recordings.Webm(2, video: false, audio: false) },
            { "the header and nothing else", headerOnly },
            { "EBML magic then noise", [0x1A, 0x45, 0xDF, 0xA3, .. Enumerable.Repeat((byte)0xFF, 64)] },
            { "an mp4 with no movie header", Recordings.Mp4(2, "avc1")[..32] },
            { "an mp4 of a codec browsers do not play", Recordings.Mp4(2, "mp4v") },
            { "an mp4 that lasts nothing", Recordings.Mp4(0, "avc1") },
        };
    }

    [Theory]
    [MemberData(nameof(NotRecordings))]
    public void What_is_not_media_is_refused(string what, byte[] file) =>
        MediaFile.Read(file).Should().BeNull(what);

    [Fact]
    public void Files_damaged_anywhere_are_read_or_refused_never_thrown_on()
    {
        var random = new Random(24);
        foreach (var good in new[] { Recordings.Webm(3), Recordings.Mp4(3, "avc1", "mp4a") })
        {
            for (var i = 0; i < 3_000; i++)
            {
                var damaged = good[..random.Next(1, good.Length + 1)];
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }
                var read = () => MediaFile.Read(damaged);
                read.Should().NotThrow();
            }
        }
    }

    private static byte[] Replace(byte[] data, byte[] find, byte[] with)
    {
        var at = data.AsSpan().IndexOf(find);
        var copy = data.ToArray();
        with.CopyTo(copy, at);
        return copy;
    }
}
