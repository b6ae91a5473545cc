using System.Net;
using SkiaSharp;
using static Viv.Web.Tests.ApiBodies;

namespace Viv.Web.Tests;

/// <summary>
/// Pictures whose few bytes declare far more pixels than a person's photo, and registrations in
/// bulk, by someone with no account or a fresh one. A Viv of its own, so that its memory readings
/// are this class's alone and its budget of registrations per address is the real one.
/// </summary>
[RunsLong]
public sealed class UploadAbuseTests : IAsyncLifetime
{
    /// <summary>Well below what decoding one of these pictures at full size takes (the 12000×12000 bomb: over 500 MB).</summary>
    private const long MostTheServerMayGrow = 100L * 1024 * 1024;

    private const int RegistrationsPerAddress = 10;

    private static readonly byte[] Bomb = TestImages.GreyPng(12_000, 12_000);

    private VivServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Limits:RegistrationsPerMinute"] = $"{RegistrationsPerAddress}" });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>The answer, and how far the server's resident memory rose above where it stood while answering.</summary>
    private async Task<(T Answer, long Growth)> Measured<T>(Func<Task<T>> request)
    {
        _server.ResetPeakResidentBytes();
        var before = _server.ResidentBytesNow;
        var answer = await request();
        return (answer, _server.PeakResidentBytes - before);
    }

    [Fact]
    public async Task A_picture_bomb_posted_to_register_is_refused_without_being_decoded_whether_the_name_is_taken_or_free()
    {
        Bomb.Length.Should().BeLessThan(1024 * 1024, "the bomb is small enough to pass the 2 MB limit");
        var taken = VivSession.NewUsername();
        using (var owner = new VivSession(_server.BaseAddress))
        {
            await owner.Register(taken);
        }
        var free = VivSession.NewUsername();
        using var stranger = new VivSession(_server.BaseAddress);

        var (onTaken, takenGrowth) = await Measured(() => stranger.Register(taken, picture: (Bomb, "grey.png", "image/png")));
        var (onFree, freeGrowth) = await Measured(() => stranger.Register(free, picture: (Bomb, "grey.png", "image/png")));

        takenGrowth.Should().BeLessThan(MostTheServerMayGrow, "a taken name is refused before the picture is read");
        freeGrowth.Should().BeLessThan(MostTheServerMayGrow, "the size is read from the header, and nothing is decoded");
        (onTaken.StatusCode, await VivSession.Alert(onTaken)).Should().Be((HttpStatusCode.BadRequest, "That username is taken. Try another."));
        (onFree.StatusCode, await VivSession.Alert(onFree)).Should().Be((HttpStatusCode.BadRequest, "The picture is larger than 16 megapixels."));
        (await stranger.Register(free)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the refused registration took nothing");
    }

    [Fact]
    public async Task A_picture_bomb_put_as_my_picture_is_refused_without_being_decoded_and_my_picture_stays()
    {
        using var me = await ApiClient.Register(_server.BaseAddress, "Bomb Thrower");
        var before = (await me.Get("/api/v1/me")).GetProperty("pictureUrl").GetString();

        var (refused, growth) = await Measured(() => ApiProblems.Of(me.Send(HttpMethod.Put, "/api/v1/me/picture", Bytes(Bomb, "image/png"))));

        growth.Should().BeLessThan(MostTheServerMayGrow);
        refused.Should().Be((HttpStatusCode.BadRequest, "picture_too_many_pixels"));
        (await me.Get("/api/v1/me")).GetProperty("pictureUrl").GetString().Should().Be(before);
    }

    [Fact]
    public async Task A_sixteen_megapixel_photo_is_decoded_at_the_size_it_is_stored_at_not_its_own()
    {
        var photo = TestImages.Encode(SKEncodedImageFormat.Jpeg, 4000, 4000);
        using var session = new VivSession(_server.BaseAddress);

        var (registered, growth) = await Measured(() => session.Register(VivSession.NewUsername(), picture: (photo, "big.jpg", "image/jpeg")));

        registered.StatusCode.Should().Be(HttpStatusCode.Redirect);
        growth.Should().BeLessThan(MostTheServerMayGrow, "decoded whole, the photo alone would take 64 MB, and turning it upright a copy as large again");
    }

    [Fact]
    public async Task Registrations_over_one_address_budget_slow_down_and_create_nothing_while_other_addresses_register()
    {
        using var crowd = FromAddress("203.0.113.7");
        using var oneIpv6Host = FromAddress("2001:db8:1:2::1");
        using var sameIpv6Network = FromAddress("2001:db8:1:2::ffff");

        var tried = await UntilSlowedDown(crowd);
        var name = VivSession.NewUsername();
        using var refused = await crowd.Register(name);
        var triedInIpv6 = await UntilSlowedDown(oneIpv6Host);

        tried.Should().BeGreaterThanOrEqualTo(RegistrationsPerAddress, "a whole budget is allowed in one burst");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await VivSession.Alert(refused)).Should().MatchRegex(@"^Slow down: too many registrations\. Try again in \d+ seconds?\.$");
        using (var check = new VivSession(_server.BaseAddress))
        {
            (await check.LogIn(name)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "a refused registration creates no account");
        }
        using (var neighbour = FromAddress("203.0.113.8"))
        {
            (await neighbour.Register(VivSession.NewUsername())).StatusCode.Should().Be(HttpStatusCode.Redirect, "another address has a budget of its own");
        }
        triedInIpv6.Should().BeGreaterThanOrEqualTo(RegistrationsPerAddress);
        (await sameIpv6Network.Register(VivSession.NewUsername())).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "one IPv6 /64 is one client");
        using (var otherIpv6Network = FromAddress("2001:db8:1:3::1"))
        {
            (await otherIpv6Network.Register(VivSession.NewUsername())).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }
    }

    /// <summary>
    /// Posts registrations with a name outside the rules, which cost as much from the budget as any
    /// (it counts attempts, before any check) and are quick to refuse, until one is slowed down;
    /// returns how many were answered before that. Gives up, failing, well past the budget.
    /// </summary>
    private static async Task<int> UntilSlowedDown(VivSession visitor)
    {
        for (var answered = 0; answered < 3 * RegistrationsPerAddress; answered++)
        {
            using var attempt = await visitor.Register("x");
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return answered;
            }
            attempt.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
        throw new InvalidOperationException($"{3 * RegistrationsPerAddress} registrations from one address in a row were never slowed down");
    }

    /// <summary>A visitor behind a proxy on loopback (a trusted one) that forwards the client's address.</summary>
    private VivSession FromAddress(string address)
    {
        var session = new VivSession(_server.BaseAddress);
        session.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return session;
    }
}
