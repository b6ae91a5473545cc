using System.Text;

namespace Viv.Testing;

/// <summary>
/// The video every test browser's camera plays: 160×120 at 10 frames a second, a bright bar moving
/// over grey. Chromium's built-in fake camera sends 640×480 at 30, sixteen times the pixels and three
/// times the frames to encode and decode for every peer in every call, and on two cores the browser
/// tier waited on the CPU: alone it took 614 s with Chromium's camera, 550 s with a 320×240 clip at
/// 15 fps, and 431 s with this one (that run also had the meeting test's wait cut by a minute).
/// 4:3 like the built-in camera, so tiles keep their shape and a shared screen still differs by its shape.
/// </summary>
public static class FakeCamera
{
    /// <summary>The clip's size in pixels.</summary>
    public const int Width = 160, Height = 120;

    private const int FramesPerSecond = 10, Frames = 20, Bar = 20;

    private static readonly Lazy<string> File = new(Write);

    /// <summary>The Chromium switch that plays this video as the camera.</summary>
    public static string Switch => $"--use-file-for-fake-video-capture={File.Value}";

    /// <summary>Writes the clip once per test process, as YUV4MPEG2 (the raw format Chromium reads), 4:2:0.</summary>
    private static string Write()
    {
        var path = Path.Combine(Path.GetTempPath(), $"viv-camera-{Width}x{Height}-{FramesPerSecond}.y4m");
        var temporary = $"{path}.{Environment.ProcessId}";
        using (var file = System.IO.File.Create(temporary))
        {
            file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F{FramesPerSecond}:1 Ip A1:1 C420jpeg\n"));
            var luma = new byte[Width * Height];
            var chroma = new byte[Width * Height / 4];
            Array.Fill(chroma, (byte)128);
            for (var frame = 0; frame < Frames; frame++)
            {
                Array.Fill(luma, (byte)96);
                var left = frame * (Width - Bar) / Frames;
                for (var row = 0; row < Height; row++)
                {
                    Array.Fill(luma, (byte)220, row * Width + left, Bar);
                }
                file.Write("FRAME\n"u8);
                file.Write(luma);
                file.Write(chroma);
                file.Write(chroma);
            }
        }
        System.IO.File.Move(temporary, path, overwrite: true);
        return path;
    }
}
