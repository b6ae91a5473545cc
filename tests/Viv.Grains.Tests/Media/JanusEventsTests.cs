using System.Text.Json.Nodes;
using Viv.Media;

namespace Viv.Grains.Tests.Media;

/// <summary>Which of Janus's messages about a handle a call room hears: every case of <see cref="JanusEvents"/>.</summary>
public sealed class JanusEventsTests
{
    private const long Feed = 7;

    [Theory]
    [InlineData("""{"janus":"webrtcup","sender":1}""", Feed, MediaEventKind.Up)]
    [InlineData("""{"janus":"webrtcup","sender":1}""", 0, MediaEventKind.Up)]
    [InlineData("""{"janus":"hangup","sender":1,"reason":"DTLS alert"}""", Feed, MediaEventKind.Down)]
    [InlineData("""{"janus":"detached","sender":1}""", 0, MediaEventKind.Down)]
    [InlineData("""{"janus":"event","sender":1,"plugindata":{"data":{"videoroom":"talking","id":7}}}""", Feed, MediaEventKind.Talking)]
    [InlineData("""{"janus":"event","sender":1,"plugindata":{"data":{"videoroom":"stopped-talking","id":7}}}""", Feed, MediaEventKind.StoppedTalking)]
    public void A_message_about_the_handle_becomes_its_event(string message, long feed, MediaEventKind kind) =>
        JanusEvents.Kind(JsonNode.Parse(message)!.AsObject(), feed).Should().Be(kind);

    [Theory]
    [InlineData("""{"janus":"event","sender":1,"plugindata":{"data":{"videoroom":"talking","id":8}}}""", Feed)]
    [InlineData("""{"janus":"event","sender":1,"plugindata":{"data":{"videoroom":"talking","id":7}}}""", 0)]
    [InlineData("""{"janus":"event","sender":1,"plugindata":{"data":{"videoroom":"event","unpublished":8}}}""", Feed)]
    [InlineData("""{"janus":"media","sender":1,"type":"video","receiving":true}""", Feed)]
    [InlineData("""{"janus":"slowlink","sender":1,"uplink":true,"lost":10}""", Feed)]
    public void Another_feed_talking_and_what_a_call_room_needs_not_are_not_heard(string message, long feed) =>
        JanusEvents.Kind(JsonNode.Parse(message)!.AsObject(), feed).Should().BeNull();
}
