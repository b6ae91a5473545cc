namespace Viv.Realtime;

/// <summary>What the client declares itself to be; a phone shows as "Mobile" to contacts.</summary>
public enum DeviceKind
{
    Browser,
    Mobile,
}
