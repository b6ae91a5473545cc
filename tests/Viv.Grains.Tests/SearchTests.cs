using Viv.Contacts;

namespace Viv.Grains.Tests;

public sealed class SearchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Finds_by_any_word_of_the_full_name_ignoring_case_and_diacritics()
    {
        var tag = $"zq{Guid.NewGuid():N}"[..10];
        var emilie = await Member.Register(fixture.Client, $"Émilie {tag}Çatalán");
        var searcher = await Member.Register(fixture.Client);

        var byFirstName = await searcher.ContactList.Search($"{tag}CATA", 0);
        var byAccentless = await searcher.ContactList.Search($"{tag}catalan", 0);

        byFirstName.Results.Select(r => r.Profile.Id).Should().Equal(emilie.Id);
        byAccentless.Results.Select(r => r.Profile.Id).Should().Equal(emilie.Id);
        byAccentless.Results[0].Profile.FullName.Should().Be($"Émilie {tag}Çatalán");
    }

    [Fact]
    public async Task Finds_by_username_prefix_and_never_lists_the_searcher()
    {
        var member = await Member.Register(fixture.Client);

        var self = await member.ContactList.Search(member.Username.Normalized, 0);
        var other = await (await Member.Register(fixture.Client)).ContactList.Search(member.Username.Normalized.ToUpperInvariant()[..12], 0);

        self.Results.Should().BeEmpty();
        other.Results.Select(r => r.Profile.Id).Should().Contain(member.Id);
    }

    [Fact]
    public async Task Pages_hold_twenty()
    {
        var tag = $"pg{Guid.NewGuid():N}"[..10];
        var people = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Member.Register(fixture.Client, $"{tag} Person{i}")));
        var searcher = await Member.Register(fixture.Client);

        var first = await searcher.ContactList.Search(tag, 0);
        var second = await searcher.ContactList.Search(tag, 1);

        first.Results.Should().HaveCount(20);
        first.HasMore.Should().BeTrue();
        second.Results.Should().HaveCount(5);
        second.HasMore.Should().BeFalse();
        first.Results.Concat(second.Results).Select(r => r.Profile.Id).Should().BeEquivalentTo(people.Select(p => p.Id));
    }

    [Fact]
    public async Task Each_result_shows_my_side_only()
    {
        var tag = $"sd{Guid.NewGuid():N}"[..10];
        var (alice, bob) = (await Member.Register(fixture.Client, $"{tag} Alice"), await Member.Register(fixture.Client, $"{tag} Bob"));
        await bob.Do(ContactAction.Block, alice);
        await alice.Do(ContactAction.Request, bob);

        var seenByAlice = await alice.ContactList.Search(tag, 0);
        var seenByBob = await bob.ContactList.Search(tag, 0);

        seenByAlice.Results.Single().Relationship.Should().Be(ContactStatus.Requested);
        seenByBob.Results.Single().Relationship.Should().Be(ContactStatus.Blocked);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_query_finds_nothing(string query)
    {
        var searcher = await Member.Register(fixture.Client);

        (await searcher.ContactList.Search(query, 0)).Should().Be(SearchResults.Empty);
    }

    [Fact]
    public async Task A_ten_thousand_character_query_or_a_negative_page_finds_nothing()
    {
        var searcher = await Member.Register(fixture.Client);

        (await searcher.ContactList.Search(new string('a', 10_000), 0)).Should().Be(SearchResults.Empty);
        (await searcher.ContactList.Search("a", -1)).Should().Be(SearchResults.Empty);
    }

    [Fact]
    public async Task A_one_letter_query_is_allowed_and_still_paged()
    {
        await Task.WhenAll(Enumerable.Range(0, 21).Select(i => Member.Register(fixture.Client, $"Xavier {i}")));
        var searcher = await Member.Register(fixture.Client);

        var page = await searcher.ContactList.Search("x", 0);

        page.Results.Should().HaveCount(20);
        page.HasMore.Should().BeTrue();
    }
}
