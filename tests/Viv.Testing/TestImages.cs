using SkiaSharp;

namespace Viv.Testing;

/// <summary>Real encoded pictures for upload tests, made on the spot.</summary>
public static class TestImages
{
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, SKColor? colour = null)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(colour ?? SKColors.Teal);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Png(int width = 640, int height = 480) => Encode(SKEncodedImageFormat.Png, width, height);

    /// <summary>Three megabytes that start like a PNG: over the 2 MB limit whatever the content.</summary>
    public static byte[] Oversized()
    {
        var bytes = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);
        var png = Png(64, 64);
        png.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A real 1x1 GIF: a valid image in a format Viv does not accept.</summary>
    public static byte[] Gif { get; } = Convert.FromHexString("4749463839610100010080000000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    public static bool IsWebP(byte[] bytes) =>
        bytes.Length > 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8);
}
