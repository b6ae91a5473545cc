namespace Viv.Calls;

/// <summary>
/// How much of someone's video a tab in a forwarded call asks for: each publisher sends its camera in
/// three sizes (a full one, half and a quarter of its width), and the tab takes the smallest that fills
/// the tile it shows them in.
/// </summary>
public enum VideoQuality
{
    Low,
    Medium,
    High,
}
