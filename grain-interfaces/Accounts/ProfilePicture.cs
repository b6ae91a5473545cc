namespace Viv.Accounts;

/// <summary>A square thumbnail, stored with the account and served to contacts.</summary>
[GenerateSerializer, Immutable, Alias("viv.profile-picture")]
public sealed record ProfilePicture(
    [property: Id(0)] byte[] Bytes,
    [property: Id(1)] string ContentType)
{
    public const int MaxUploadBytes = 2 * 1024 * 1024;

    /// <summary>
    /// A few compressed bytes can declare billions of pixels, and a PNG cannot be decoded smaller
    /// than it is: this bounds what one upload may cost (16 megapixels decode to 64 MB at most).
    /// It is read from the header, before anything is decoded.
    /// </summary>
    public const int MaxPixels = 16_000_000;

    public const int ThumbnailSize = 256;
}
