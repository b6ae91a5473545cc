using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Viv.Browser.Tests;

/// <summary>
/// Full names, meeting titles and notes, chat messages and file names that carry markup, direction
/// overrides and zero-width characters, in every place Viv shows them: always the text that was
/// written (or its documented cleaned form), never markup, never reordering Viv's own words. These
/// browsers ignore Viv's Content-Security-Policy, so nothing but the rendering stands between a
/// payload and a running script.
/// </summary>
[RunsLong]
public sealed class OutputEncodingTests(BrowserFixture fixture)
{
    private const string Script = "<script>window.__pwned=1</script>";
    private const string Img = "\"><img src=x onerror=\"window.__pwned=1\">";
    private const string RightToLeftOverride = "\u202E";

    /// <summary>Runs before any page script: whatever a payload could call records itself in <c>window.__pwned</c>.</summary>
    private const string Traps = """
        (() => {
          const caught = (how) => (...args) => { window.__pwned ??= `${how}(${args.join(", ")})`; };
          window.alert = caught("alert");
          window.confirm = caught("confirm");
          window.prompt = caught("prompt");
        })();
        """;

    /// <summary>Elements that text turned into markup would have made: a script without a file, the payload's picture, any inline handler.</summary>
    private const string MarkupFromText = """
        () => [...document.querySelectorAll("*")]
          .filter(e => (e.localName === "script" && !e.src) || (e.localName === "img" && e.getAttribute("src") === "x")
            || [...e.attributes].some(a => a.name.startsWith("on")))
          .map(e => e.outerHTML.slice(0, 200))
        """;

    /// <summary>
    /// Where each piece is drawn, as the browser laid it out: each character of Viv's words, and the
    /// box of each piece someone else wrote (which may read right to left inside). Says which piece is
    /// drawn before the one it follows on a left-to-right page, or "in order".
    /// </summary>
    private const string ReadingOrder = """
        (root, pieces) => {
          const nodes = [];
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) nodes.push(walker.currentNode);
          const range = (node, from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to); return r; };
          const boxes = [];
          let at = { node: 0, offset: 0 };
          for (const { text, theirs } of pieces) {
            let found = null;
            for (let i = at.node; i < nodes.length && !found; i++) {
              const index = nodes[i].data.indexOf(text, i === at.node ? at.offset : 0);
              if (index >= 0) found = { node: nodes[i], index, i };
            }
            if (!found) return `“${text}” is not shown as text`;
            at = { node: found.i, offset: found.index + text.length };
            if (theirs) {
              const rects = [...range(found.node, found.index, found.index + text.length).getClientRects()].filter(r => r.width > 0);
              boxes.push({ text, entry: rects[0], exit: rects[rects.length - 1] });
            } else {
              [...text].forEach((c, i) => {
                if (/\s/.test(c)) return;
                const r = range(found.node, found.index + i, found.index + i + 1).getBoundingClientRect();
                boxes.push({ text: c, entry: r, exit: r });
              });
            }
          }
          for (let i = 1; i < boxes.length; i++) {
            const [a, b] = [boxes[i - 1].exit, boxes[i].entry];
            const sameLine = Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2;
            if (sameLine ? b.left < a.right - 1 : b.top < a.top) return `“${boxes[i].text}” is drawn before “${boxes[i - 1].text}”`;
          }
          return "in order";
        }
        """;

    private sealed record Piece(string Text, bool Theirs);

    private static Piece Ours(string text) => new(text, false);

    private static Piece Theirs(string text) => new(text, true);

    private static async Task ReadsInOrder(ILocator place, params Piece[] pieces) =>
        (await place.EvaluateAsync<string>(ReadingOrder, pieces.Select(p => new { text = p.Text, theirs = p.Theirs }).ToArray())).Should().Be("in order", "what people wrote stays inside its own isolate");

    /// <summary>A person whose browser ignores the CSP and records any dialog, trap call or request for the payload's picture.</summary>
    private async Task<Person> Watched(ConcurrentQueue<string> caught)
    {
        var person = await fixture.NewPerson(contentSecurityPolicy: false);
        await person.Context.AddInitScriptAsync(Traps);
        person.Page.Dialog += (_, dialog) =>
        {
            caught.Enqueue($"a {dialog.Type} dialog: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        person.Context.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/x")
            {
                caught.Enqueue($"a request for {request.Url}");
            }
        };
        return person;
    }

    private static async Task NothingRan(ConcurrentQueue<string> caught, params Person[] people)
    {
        foreach (var person in people)
        {
            (await person.Page.EvaluateAsync<string?>("() => window.__pwned === undefined ? null : String(window.__pwned)")).Should().BeNull("no text ran as script");
            (await person.Page.EvaluateAsync<string[]>(MarkupFromText)).Should().BeEmpty("no text became elements");
        }
        caught.Should().BeEmpty();
    }

    /// <summary>
    /// The place shows the text, character for character (Playwright's own matching drops zero-width
    /// spaces and folds white space, so the characters are compared as the page holds them too).
    /// </summary>
    private static async Task Shows(ILocator place, string text)
    {
        await Expect(place).ToContainTextAsync(text);
        (await place.EvaluateAsync<string>("e => e.textContent")).Should().Contain(text);
    }

    /// <summary>Someone's full name and @username, as Viv shows them wherever the name says who someone is.</summary>
    private static string Named(Person person, string fullName) => $"{fullName} @{person.Username}";

    private static ILocator Notice(Person person, string words) => person.Page.GetByRole(AriaRole.Status).GetByText(words);

    /// <summary>The tab's title, read the moment it carries the caller's name (it flashes while the call rings).</summary>
    private static async Task<string> RingingTitle(Person person, string callerName) =>
        await (await person.Page.WaitForFunctionAsync("name => document.title.includes(name) && document.title", callerName)).JsonValueAsync<string>();

    [Fact]
    public async Task Markup_in_names_chat_and_file_names_shows_as_text_everywhere_and_zero_width_and_override_characters_leave_names_at_registration()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var caught = new ConcurrentQueue<string>();
        await using var a = await Watched(caught);
        await using var b = await Watched(caught);
        await using var c = await Watched(caught);
        var aName = $"{Script} Ada {tag}";
        var bName = $"{Img} Ben {tag}";
        // Registration drops what nobody sees: C cannot look like someone else yet differ, nor hide from search.
        var cName = $"Zed Kay {tag}";
        await a.Register(aName);
        await b.Register(bName);
        await c.Register($"Zed\u200B\u200D\uFEFF Kay {RightToLeftOverride}{tag}");
        var (aNamed, bNamed, cNamed) = (Named(a, aName), Named(b, bName), Named(c, cName));

        foreach (var (person, name) in new[] { (a, aName), (b, bName), (c, cName) })
        {
            await Shows(person.Page.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {name}", Exact = true }), $"Hello, {name}");
            await Shows(person.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }), name);
            await Expect(person.Page.GetByRole(AriaRole.Img, new() { Name = name, Exact = true })).ToBeVisibleAsync();
            await Person.Connected(person.Page);
        }

        // Search, the pending request and its notice, the contact list.
        await a.Page.GotoAsync("/Contacts");
        await Person.Connected(a.Page);
        foreach (var (person, name) in new[] { (b, bName), (c, cName) })
        {
            await a.SearchAndAdd(name);
            await Shows(a.Page.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = name }), name);
            var request = person.Contact(aName);
            await Shows(request, aName);
            await Expect(request).ToContainTextAsync("Wants to be your contact");
            var notice = Notice(person, "wants to be your contact.");
            await Shows(notice, $"{aNamed} wants to be your contact.");
            await ReadsInOrder(notice, Theirs(aName), Theirs($"@{a.Username}"), Ours("wants to be your contact."));
            await request.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
            await Expect(a.Contact(name)).ToContainTextAsync("Online");
            await Shows(a.Contact(name), name);
            await Expect(person.Contact(aName)).ToContainTextAsync("Online");
        }
        await NothingRan(caught, a, b, c);

        // A calls B: the outgoing dialog, B's incoming dialog and tab title, the tiles and the status.
        await a.Call(bName);
        await Shows(a.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }), $"{bNamed} · Video call");
        await Shows(b.IncomingCall, aNamed);
        await Expect(b.IncomingCall.GetByRole(AriaRole.Img, new() { Name = aName, Exact = true })).ToHaveCountAsync(1);
        (await RingingTitle(b, aName)).Should().Be($"📞 \u2068{aName}\u2069 \u2068@{a.Username}\u2069 is calling");
        await b.AcceptCall();
        await a.SeesVideoOf(bName);
        await b.SeesVideoOf(aName);
        await Shows(a.Tile(bName), bNamed);
        await Shows(b.Tile(aName), aNamed);
        await Shows(a.CallView.GetByRole(AriaRole.Status), $"In a call with {bNamed}");
        await Shows(b.CallView.GetByRole(AriaRole.Status), $"In a call with {aNamed}");

        // A adds C: the add-participant dialog, B's ringing tile, C's incoming dialog naming everyone.
        await a.CallView.GetByRole(AriaRole.Button, new() { Name = "Add participant" }).ClickAsync();
        var addDialog = a.Page.GetByRole(AriaRole.Dialog, new() { Name = "Add participant" });
        await Shows(addDialog.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "In this call" }), bName);
        await Expect(addDialog.GetByRole(AriaRole.Button, new() { Name = $"Add {bNamed}", Exact = true })).ToBeDisabledAsync();
        await Shows(addDialog.GetByRole(AriaRole.Listitem).Filter(new() { Has = a.Page.GetByRole(AriaRole.Button, new() { Name = $"Add {cNamed}", Exact = true }) }), cName);
        await addDialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await a.AddToCall(cName);
        await Shows(b.Tile(cName), cNamed);
        await Expect(b.Tile(cName)).ToContainTextAsync("Ringing…");
        await ReadsInOrder(b.Tile(cName), Theirs(cName), Theirs($"@{c.Username}"), Ours("Ringing…"));
        await Shows(c.IncomingCall, aNamed);
        await Shows(c.IncomingCall, $"Video call with {bNamed}");
        (await RingingTitle(c, aName)).Should().Be($"📞 \u2068{aName}\u2069 \u2068@{a.Username}\u2069 is calling");
        await c.AcceptCall();
        foreach (var (person, others) in new[] { (a, new[] { (b, bName), (c, cName) }), (b, new[] { (a, aName), (c, cName) }), (c, new[] { (a, aName), (b, bName) }) })
        {
            foreach (var (other, name) in others)
            {
                await person.SeesVideoOf(name);
                await Shows(person.Tile(name), Named(other, name));
                await Expect(person.Page.Locator($"video[aria-label='{Named(other, name)}']")).ToHaveCountAsync(1);
                await Expect(person.CallView.GetByRole(AriaRole.Status)).ToContainTextAsync(Named(other, name));
            }
            var (first, second) = (Regex.Escape(Named(others[0].Item1, others[0].Item2)), Regex.Escape(Named(others[1].Item1, others[1].Item2)));
            await Expect(person.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex($"^In a call with ({first} and {second}|{second} and {first})$"));
        }

        // Chat from A: sender and message as text, an entity stays an entity.
        var words = $"{Script}{Img} &lt;i&gt;not italic&lt;/i&gt; {tag}";
        await a.ChatConnected(2);
        await a.OpenChat();
        await a.Say(words);
        foreach (var person in new[] { b, c })
        {
            await person.OpenChat();
            var message = person.Messages.GetByRole(AriaRole.Listitem).Filter(new() { HasText = words });
            await Shows(message, aNamed);
            await Shows(message, words);
        }

        // Files from B: a picture named like markup, shown inline under its own name, and a name whose
        // right-to-left override would make "invoice‮gpj.exe" read "invoiceexe.jpg": the override shows as "_".
        var picture = new FilePayload { Name = "\"><img src=x onerror=alert(1)>.png", MimeType = "image/png", Buffer = TestImages.Png(64, 48) };
        var invoice = new FilePayload { Name = $"invoice{RightToLeftOverride}gpj.exe", MimeType = "application/octet-stream", Buffer = new byte[1234] };
        await b.CallView.GetByLabel("Send file").SetInputFilesAsync(new[] { picture, invoice });
        await Shows(b.Messages, $"{picture.Name} (");
        await Shows(b.Messages, "invoice_gpj.exe (1.2 KB)");
        foreach (var person in new[] { a, c })
        {
            var shown = person.Messages.GetByRole(AriaRole.Img, new() { Name = picture.Name, Exact = true });
            await Expect(shown).ToBeVisibleAsync();
            await shown.EvaluateAsync("img => img.decode()");
            var pictureLink = person.Messages.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Download {Regex.Escape(picture.Name)} \\(\\d") });
            await Shows(pictureLink, $"Download {picture.Name} (");
            var invoiceLink = person.Page.GetByRole(AriaRole.Link, new() { Name = "Download invoice_gpj.exe (1.2 KB)", Exact = true });
            await Shows(person.Messages.GetByRole(AriaRole.Listitem).Filter(new() { Has = invoiceLink }), bNamed);
            await Shows(person.Messages, "invoice_gpj.exe (1.2 KB)");
            var download = await person.Page.RunAndWaitForDownloadAsync(() => invoiceLink.ClickAsync());
            download.SuggestedFilename.Should().Be("invoice_gpj.exe");
            (await person.Messages.EvaluateAsync<string>("e => e.textContent")).Should().NotContain(RightToLeftOverride);
        }
        await NothingRan(caught, a, b, c);

        // C leaves, then B: the notices; then the call history.
        await c.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        foreach (var person in new[] { a, b })
        {
            var left = Notice(person, "left the call.");
            await Shows(left, $"{cNamed} left the call.");
            await ReadsInOrder(left, Theirs(cName), Theirs($"@{c.Username}"), Ours("left the call."));
            await Shows(person.CallView.GetByRole(AriaRole.Status), $"In a call with {(person == a ? bNamed : aNamed)}");
        }
        await b.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(a.CallView).ToBeHiddenAsync();
        await NothingRan(caught, a, b, c);
        await a.Page.GotoAsync("/Calls");
        var row = a.Page.GetByRole(AriaRole.Table, new() { Name = "Call history" }).GetByRole(AriaRole.Row).Nth(1);
        await Shows(row, bNamed);
        await Shows(row, cNamed);
        await NothingRan(caught, a);
    }

    [Fact]
    public async Task A_meeting_title_and_note_with_markup_and_a_direction_override_show_as_text_and_reorder_none_of_Vivs_words()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var caught = new ConcurrentQueue<string>();
        await using var a = await Watched(caught);
        await using var b = await Watched(caught);
        var (aName, bName) = ($"{Script} Ada {tag}", $"{Img} Ben {tag}");
        await a.Register(aName);
        await b.Register(bName);
        await Person.BecomeContacts(a, aName, b, bName);
        foreach (var person in new[] { a, b })
        {
            await person.Page.GotoAsync("/Meetings");
            await Person.Connected(person.Page);
        }
        var title = $"{RightToLeftOverride}Trip {tag} {Script}{Img}";
        var note = $"Bring {Img}{Script} &amp; {RightToLeftOverride}the map";

        await a.Page.GetByLabel("Title").FillAsync(title);
        await a.Page.GetByLabel("Note").FillAsync(note);
        // 30 s ahead, to the second (the form and the invitation's checks take seconds), in the browser's own time zone.
        await a.Page.GetByLabel("Starts at").FillAsync(await a.LocalTimeIn(30));
        var invitee = a.Page.GetByRole(AriaRole.Checkbox, new() { Name = Named(b, bName), Exact = true });
        await Shows(a.Page.GetByRole(AriaRole.Group, new() { Name = "Invite" }), bName);
        await invitee.CheckAsync();
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        var invited = Notice(b, "invited you to");
        await Shows(invited, $"{Named(a, aName)} invited you to “{title}”.");
        await ReadsInOrder(invited, Theirs(aName), Theirs($"@{a.Username}"), Ours("invited you to “"), Theirs(title), Ours("”."));
        var upcoming = b.UpcomingMeeting(title);
        await Shows(upcoming.GetByRole(AriaRole.Heading), title);
        await Shows(upcoming, $"Organized by {Named(a, aName)}");
        await ReadsInOrder(upcoming, Theirs(title), Ours("Organized by"), Theirs(aName), Theirs(note), Theirs(bName), Ours("— Not answered yet"), Ours("Accept"));
        await upcoming.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var mine = a.UpcomingMeeting(title);
        await Shows(mine, $"{Named(b, bName)} — Accepted");
        await Shows(mine, note);
        await ReadsInOrder(mine, Theirs(title), Ours("You organize this meeting."), Theirs(note), Theirs(bName), Ours("— Accepted"));

        foreach (var person in new[] { a, b })
        {
            var starting = person.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
            await Expect(starting).ToBeVisibleAsync(new() { Timeout = 120_000 });
            await Shows(starting, title);
            await ReadsInOrder(starting, Ours("Meeting starting"), Theirs(title), Ours("Later"), Ours("Join"));
            await starting.GetByRole(AriaRole.Button, new() { Name = "Later" }).ClickAsync();
        }
        await NothingRan(caught, a, b);

        await mine.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await mine.GetByLabel("New start").FillAsync(DateTime.Now.AddDays(1).ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture));
        await mine.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var moved = Notice(b, "moved to");
        await Shows(moved, $"“{title}” moved to");
        await ReadsInOrder(moved, Ours("“"), Theirs(title), Ours("” moved to"));

        await mine.GetByRole(AriaRole.Button, new() { Name = "Cancel meeting" }).ClickAsync();
        var cancelled = Notice(b, "was cancelled.");
        await Shows(cancelled, $"“{title}” was cancelled.");
        await ReadsInOrder(cancelled, Ours("“"), Theirs(title), Ours("” was cancelled."));
        var past = b.Page.GetByRole(AriaRole.List, new() { Name = "Past" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title }).First;
        await Expect(past.GetByRole(AriaRole.Heading)).ToContainTextAsync("Cancelled");
        await ReadsInOrder(past.GetByRole(AriaRole.Heading), Theirs(title), Ours("Cancelled"));
        await NothingRan(caught, a, b);
    }
}
