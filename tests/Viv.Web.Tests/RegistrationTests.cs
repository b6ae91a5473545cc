using System.Net;
using SkiaSharp;

namespace Viv.Web.Tests;

public sealed class RegistrationTests(ServerFixture fixture)
{
    [Fact]
    public async Task Registering_signs_in_and_the_landing_page_greets_by_full_name()
    {
        using var session = fixture.NewSession();

        var response = await session.Register(VivSession.NewUsername(), "Hedy Lamarr");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/");
        (await session.Http.GetStringAsync("/")).Should().Contain("Hello, Hedy Lamarr");
    }

    [Fact]
    public async Task A_name_taken_in_another_case_is_refused_with_a_message()
    {
        var username = VivSession.NewUsername();
        using var first = fixture.NewSession();
        using var second = fixture.NewSession();
        await first.Register(username.ToLowerInvariant());

        var response = await second.Register(username.ToUpperInvariant());

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(response)).Should().Be("That username is taken. Try another.");
        (await second.Http.GetStringAsync("/")).Should().NotContain("Log out");
    }

    [Theory]
    [InlineData("has space", "A username may only use letters a-z, digits and . _ -")]
    [InlineData("ab", "A username has 3 to 32 characters.")]
    [InlineData("<img src=x>", "A username may only use letters a-z, digits and . _ -")]
    public async Task A_username_outside_the_rules_is_refused_with_a_message(string username, string message)
    {
        using var session = fixture.NewSession();

        var response = await session.Register(username);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(response)).Should().Be(message);
    }

    [Theory]
    [InlineData("", "Enter your full name.")]
    [InlineData("101", "A full name has at most 100 characters.")]
    [InlineData("Bad\u0007Bell", "A full name can only hold characters people can see: no control, formatting, private-use or unassigned characters.")]
    [InlineData("P\u0430ypal Support", "Each word of a full name must be written in one script, so that it cannot pass for another name: no Latin letters mixed with Cyrillic or Greek ones in a word, no digits from two number systems.")]
    [InlineData("Li\u0307nda", "A letter in a full name can carry at most 4 accents or marks, never the same one twice, and no dot over an i.")]
    public async Task A_full_name_outside_the_rules_is_refused_and_the_name_stays_free(string fullName, string message)
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();

        var refused = await session.Register(username, fullName == "101" ? new string('x', 101) : fullName);
        var retried = await session.Register(username, "Fixed Name");

        (await VivSession.Alert(refused)).Should().Be(message);
        retried.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_short_password_is_refused()
    {
        using var session = fixture.NewSession();

        var response = await session.Register(VivSession.NewUsername(), password: "1234567");

        (await VivSession.Alert(response)).Should().Be("A password has at least 8 characters.");
    }

    [Fact]
    public async Task A_three_megabyte_picture_is_refused_and_nothing_is_created()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();

        var refused = await session.Register(username, picture: (TestImages.Oversized(), "big.png", "image/png"));
        var retried = await session.Register(username);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(refused)).Should().Be("The picture is larger than 2 MB.");
        retried.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_text_file_renamed_png_is_refused_by_its_content()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();

        var refused = await session.Register(username, picture: ("just some text, honestly"u8.ToArray(), "photo.png", "image/png"));

        (await VivSession.Alert(refused)).Should().Be("The picture must be a PNG, JPEG or WebP image.");
        (await session.LogIn(username)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the account must not exist");
    }

    [Fact]
    public async Task A_gif_is_refused_even_with_a_jpeg_name()
    {
        using var session = fixture.NewSession();

        var refused = await session.Register(VivSession.NewUsername(), picture: (TestImages.Gif, "photo.jpg", "image/jpeg"));

        (await VivSession.Alert(refused)).Should().Be("The picture must be a PNG, JPEG or WebP image.");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task An_accepted_picture_is_stored_as_a_square_thumbnail(SKEncodedImageFormat format, string contentType)
    {
        using var session = fixture.NewSession();
        await session.Register(VivSession.NewUsername(), picture: (TestImages.Encode(format, 800, 600), "me", contentType));

        using var picture = await MyPicture(session);
        var bytes = await picture.Content.ReadAsByteArrayAsync();

        picture.Content.Headers.ContentType!.MediaType.Should().Be("image/webp");
        TestImages.IsWebP(bytes).Should().BeTrue();
        using var decoded = SKBitmap.Decode(bytes);
        (decoded.Width, decoded.Height).Should().Be((256, 256));
    }

    [Fact]
    public async Task A_sideways_phone_photo_is_turned_the_way_its_exif_says()
    {
        using var session = fixture.NewSession();
        var sideways = TestImages.JpegWithOrientation(6, top: SKColors.Red, bottom: SKColors.Blue);
        await session.Register(VivSession.NewUsername(), picture: (sideways, "phone.jpg", "image/jpeg"));

        using var picture = await MyPicture(session);
        using var decoded = SKBitmap.Decode(await picture.Content.ReadAsByteArrayAsync());

        // Turned a quarter clockwise, the stored top half is the right half.
        var (left, right) = (decoded.GetPixel(32, 128), decoded.GetPixel(224, 128));
        (left.Red < 80 && left.Blue > 170).Should().BeTrue($"the left is blue, not {left}");
        (right.Red > 170 && right.Blue < 80).Should().BeTrue($"the right is red, not {right}");
    }

    private static async Task<HttpResponseMessage> MyPicture(VivSession session)
    {
        var home = await session.Http.GetStringAsync("/");
        var src = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/users/[^\"]+/picture\\?v=1)\"").Groups[1].Value;
        return await session.Http.GetAsync(src);
    }

    [Fact]
    public async Task Without_a_picture_the_avatar_is_the_escaped_initials()
    {
        using var session = fixture.NewSession();
        await session.Register(VivSession.NewUsername(), "<b>Bold</b> Émilie");
        var home = await session.Http.GetStringAsync("/");
        var src = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/users/[^\"]+/picture\\?v=0)\"").Groups[1].Value;

        var avatar = await session.Http.GetAsync(src);
        var svg = await avatar.Content.ReadAsStringAsync();

        avatar.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
        svg.Should().Contain(">&lt;&#201;<").And.Contain("aria-label=\"&lt;b&gt;Bold&lt;/b&gt; &#201;milie\"").And.NotContain("<b>");
        home.Should().Contain("Hello, &lt;b&gt;Bold&lt;/b&gt;");
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused_and_creates_nothing()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Http.GetAsync("/Account/Register");

        var forged = await session.Http.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username,
            ["FullName"] = "Forged",
            ["Password"] = VivSession.Password,
        }));

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await session.Register(username)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the forged post must not have taken the name");
    }
}
