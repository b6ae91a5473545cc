using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
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

    /// <summary>
    /// A valid grey PNG of any size, written row by row without ever holding its pixels: flat grey
    /// compresses about a thousand to one, so 12000×12000 (144 megapixels) is a file of a few hundred KB.
    /// </summary>
    public static byte[] GreyPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample; colour type 0 (grey), no interlacing
        Chunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var deflate = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, (byte)0x80, 1, width);
            for (var y = 0; y < height; y++)
            {
                deflate.Write(row);
            }
        }
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        png.Write(crc);
    }

    /// <summary>
    /// A JPEG whose top half is <paramref name="top"/> and bottom half <paramref name="bottom"/>, with
    /// an EXIF orientation as a phone writes it (6: the camera was turned, show it turned 90° clockwise).
    /// </summary>
    public static byte[] JpegWithOrientation(ushort orientation, SKColor top, SKColor bottom, int width = 800, int height = 600)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(bottom);
            using var paint = new SKPaint { Color = top };
            canvas.DrawRect(0, 0, width, height / 2f, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        // APP1 "Exif": a big-endian TIFF header and one IFD entry, tag 0x0112 (Orientation), type SHORT, count 1.
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        return [.. jpeg.AsSpan(0, 2), .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>A real 1x1 GIF: a valid image in a format Viv does not accept.</summary>
    public static byte[] Gif { get; } = Convert.FromHexString("4749463839610100010080000000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    public static bool IsWebP(byte[] bytes) =>
        bytes.Length > 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8);
}
