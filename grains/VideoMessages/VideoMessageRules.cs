using Viv.Calls;

namespace Viv.VideoMessages;

/// <summary>Whether a recording may be left as a message: what its bytes say it is, its size, its length, its kind.</summary>
public static class VideoMessageRules
{
    public static VideoMessageError Check(byte[] recording, CallKind kind, out MediaFacts? facts)
    {
        facts = null;
        if (recording.Length > VideoMessageLimits.MaxBytes)
        {
            return VideoMessageError.TooLarge;
        }
        facts = MediaFile.Read(recording);
        return facts is null ? VideoMessageError.NotMedia
            : facts.Duration > VideoMessageLimits.MaxDuration + VideoMessageLimits.DurationTolerance ? VideoMessageError.TooLong
            : kind == CallKind.Voice && facts.HasVideo ? VideoMessageError.VideoForVoice
            : VideoMessageError.None;
    }
}
