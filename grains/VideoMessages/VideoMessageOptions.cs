using System.ComponentModel.DataAnnotations;

namespace Viv.VideoMessages;

/// <summary>The <c>Viv:VideoMessages</c> configuration section.</summary>
public sealed class VideoMessageOptions
{
    public const string Section = "Viv:VideoMessages";

    /// <summary>How long after a call nobody answered its caller may still leave a message.</summary>
    [Range(1, 1440)] public int OfferMinutes { get; set; } = 10;

    /// <summary>How long a message is kept.</summary>
    [Range(1, 365)] public int KeepDays { get; set; } = 30;

    /// <summary>Messages one person may leave in an hour, to anyone.</summary>
    [Range(1, 10_000)] public int PerHour { get; set; } = 20;

    /// <summary>Messages one person keeps; past it, or past <see cref="MaxBoxMegabytes"/>, the oldest go.</summary>
    [Range(1, 100_000)] public int MaxBoxMessages { get; set; } = 100;

    [Range(1, 1_000_000)] public int MaxBoxMegabytes { get; set; } = 500;
}
