namespace Viv.Accounts;

/// <summary>A square thumbnail, stored with the account and served to contacts.</summary>
[GenerateSerializer, Immutable, Alias("viv.profile-picture")]
public sealed record ProfilePicture(
    [property: Id(0)] byte[] Bytes,
    [property: Id(1)] string ContentType)
{
    public const int MaxUploadBytes = 2 * 1024 * 1024;
    public const int ThumbnailSize = 256;
}
