using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// One repetition on three people: a two-person mesh call gets its third, so its media moves to a media
/// server (the two tiles already playing must keep playing: their longest gap across the move, against
/// the same pair's longest gap in a steady window before it); then the room's Janus is killed, and every
/// tile's longest gap ends when its video plays from the other Janus. As a control (<c>moves</c> false,
/// Viv's mesh limit at three), the third joins the mesh instead: the same growth without the move,
/// and no kill. The third answers after a ring of <c>ring</c>, as a person does.
/// </summary>
internal static class SwitchAndFailover
{
    /// <summary>The tiles' frames in the steady window and across the move (<paramref name="Growing"/>: when the third was added, Unix ms), and each tile's time to play again after the kill.</summary>
    public sealed record Repetition(IReadOnlyList<TileFrames.Tile> Steady, IReadOnlyList<TileFrames.Tile> Switch, IReadOnlyList<double> RecoveryMs, long Growing);

    public static async Task<Repetition> Once((Person Person, string Name)[] party, JanusPair janus, VivServer viv, TimeSpan steady, TimeSpan ring, bool moves)
    {
        var (host, hostName) = party[0];
        var (second, secondName) = party[1];
        var (third, thirdName) = party[2];
        await host.Call(secondName);
        await second.AcceptCall();
        await host.SeesVideoOf(secondName);
        await second.SeesVideoOf(hostName);
        var steadyFrom = DateTimeOffset.UtcNow;
        await Task.Delay(steady);

        var growing = DateTimeOffset.UtcNow;
        await host.AddToCall(thirdName);
        await Task.Delay(ring);
        await third.AcceptCall();
        if (moves)
        {
            await CallParty.EveryoneSeesEveryoneForwarded(party);
        }
        else
        {
            await CallParty.EveryoneSeesEveryone(party);
        }
        // A tile that froze late in the move has its gap measured to its end: a second more of frames.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var pair = party[..2];
        var steadyTiles = await TileFrames.Between(pair, steadyFrom, growing);
        var switchTiles = await TileFrames.Between(pair, growing, DateTimeOffset.UtcNow);

        if (!moves)
        {
            await CallParty.HangUp(party);
            return new Repetition(steadyTiles, switchTiles, [], growing.ToUnixTimeMilliseconds());
        }
        var room = janus.Hosting(viv);
        var dead = await host.MediaServerCertificate();
        var killed = DateTimeOffset.UtcNow;
        IReadOnlyList<TileFrames.Tile> failover = [];
        await JanusPair.KillAndRestart(room, viv, async () =>
        {
            await CallParty.EveryoneSeesEveryoneForwarded(party, notFrom: dead);
            await Task.Delay(TimeSpan.FromSeconds(1));
            failover = await TileFrames.Between(party, killed, DateTimeOffset.UtcNow);
        });

        await CallParty.HangUp(party);
        return new Repetition(steadyTiles, switchTiles, [.. failover.Select(tile => tile.GapEndsAt - killed.ToUnixTimeMilliseconds())], growing.ToUnixTimeMilliseconds());
    }
}
