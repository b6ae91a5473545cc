using SkiaSharp;
using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>
/// Turns an uploaded file into the stored thumbnail. The format is read from the bytes, never
/// from the file name, and only PNG, JPEG and WebP are accepted. The registration page and
/// PUT /api/v1/me/picture both come here, and nothing else decodes an image.
/// </summary>
public static class ProfilePictures
{
    private static readonly SKEncodedImageFormat[] Accepted = [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Webp];

    /// <summary>Twice the thumbnail's side, so the cubic downscale to it stays sharp.</summary>
    private const int DecodedSide = 2 * ProfilePicture.ThumbnailSize;

    public static async Task<(ProfilePicture? Picture, AccountError Error)> Read(IFormFile? upload)
    {
        if (upload is null || upload.Length == 0)
        {
            return (null, AccountError.None);
        }
        if (upload.Length > ProfilePicture.MaxUploadBytes)
        {
            return (null, AccountError.PictureTooLarge);
        }
        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer);
        return Read(buffer.ToArray());
    }

    public static (ProfilePicture? Picture, AccountError Error) Read(byte[] bytes)
    {
        if (bytes.Length > ProfilePicture.MaxUploadBytes)
        {
            return (null, AccountError.PictureTooLarge);
        }
        // Creating a codec reads only the header: the size is known before a pixel is decoded.
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        if (codec is null || !Accepted.Contains(codec.EncodedFormat))
        {
            return (null, AccountError.PictureInvalid);
        }
        if ((long)codec.Info.Width * codec.Info.Height > ProfilePicture.MaxPixels)
        {
            return (null, AccountError.PictureTooManyPixels);
        }
        var thumbnail = Thumbnail(codec);
        return thumbnail is null ? (null, AccountError.PictureInvalid) : (new ProfilePicture(thumbnail, "image/webp"), AccountError.None);
    }

    private static byte[]? Thumbnail(SKCodec codec)
    {
        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return null;
        }
        var side = Math.Min(decoded.Width, decoded.Height);
        var crop = SKRectI.Create((decoded.Width - side) / 2, (decoded.Height - side) / 2, side, side);
        var size = ProfilePicture.ThumbnailSize;
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        // Phones store JPEGs sideways and say so in EXIF: the square is turned the way the person took it.
        surface.Canvas.RotateDegrees(UprightDegrees(codec.EncodedOrigin), size / 2f, size / 2f);
        using var image = SKImage.FromBitmap(decoded);
        surface.Canvas.DrawImage(image, crop, SKRect.Create(size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Webp, 85);
        return encoded.ToArray();
    }

    /// <summary>
    /// Decodes no larger than the thumbnail needs where the format allows it: JPEG and WebP decode
    /// straight to about <see cref="DecodedSide"/>. PNG can only decode at full size, which
    /// <see cref="ProfilePicture.MaxPixels"/> bounds.
    /// </summary>
    private static SKBitmap? Decode(SKCodec codec)
    {
        var scale = Math.Min(1f, (float)DecodedSide / Math.Min(codec.Info.Width, codec.Info.Height));
        var size = codec.GetScaledDimensions(scale);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }
        bitmap.Dispose();
        return null;
    }

    private static float UprightDegrees(SKEncodedOrigin origin) => origin switch
    {
        SKEncodedOrigin.BottomRight => 180,
        SKEncodedOrigin.RightTop => 90,
        SKEncodedOrigin.LeftBottom => 270,
        _ => 0,
    };
}
