using SkiaSharp;
using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>
/// Turns an uploaded file into the stored thumbnail. The format is read from the bytes, never
/// from the file name, and only PNG, JPEG and WebP are accepted.
/// </summary>
public static class ProfilePictures
{
    private static readonly SKEncodedImageFormat[] Accepted = [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Webp];

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
        var thumbnail = Thumbnail(bytes);
        return thumbnail is null ? (null, AccountError.PictureInvalid) : (new ProfilePicture(thumbnail, "image/webp"), AccountError.None);
    }

    private static byte[]? Thumbnail(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        if (codec is null || !Accepted.Contains(codec.EncodedFormat))
        {
            return null;
        }
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }
        using var upright = Upright(decoded, codec.EncodedOrigin);
        var side = Math.Min(upright.Width, upright.Height);
        var crop = SKRectI.Create((upright.Width - side) / 2, (upright.Height - side) / 2, side, side);
        var size = ProfilePicture.ThumbnailSize;
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var image = SKImage.FromBitmap(upright);
        surface.Canvas.DrawImage(image, crop, SKRect.Create(size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Webp, 85);
        return encoded.ToArray();
    }

    /// <summary>Phones store JPEGs sideways and say so in EXIF; turn them the way the person took them.</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var degrees = origin switch
        {
            SKEncodedOrigin.BottomRight => 180,
            SKEncodedOrigin.RightTop => 90,
            SKEncodedOrigin.LeftBottom => 270,
            _ => 0,
        };
        var turned = degrees is 90 or 270;
        var result = new SKBitmap(turned ? bitmap.Height : bitmap.Width, turned ? bitmap.Width : bitmap.Height);
        using var canvas = new SKCanvas(result);
        canvas.Translate(result.Width / 2f, result.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }
}
