using Viv.Realtime;

namespace Viv.Contacts;

/// <summary>A contact appeared on my contact list or my side of it changed.</summary>
[GenerateSerializer, Immutable, Alias("viv.contact-changed")]
public sealed record ContactChanged([property: Id(0)] Contact Contact) : ClientEvent
{
    public override string Method => "contactChanged";
}

/// <summary>Someone left my contact list because of what I (on any of my devices) did.</summary>
[GenerateSerializer, Immutable, Alias("viv.contact-removed")]
public sealed record ContactRemoved([property: Id(0)] Guid UserId) : ClientEvent
{
    public override string Method => "contactRemoved";
}

/// <summary>A contact's presence as I may see it. A block looks exactly like going offline.</summary>
[GenerateSerializer, Immutable, Alias("viv.presence-changed")]
public sealed record PresenceChanged(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] Presence Presence,
    [property: Id(2)] DateTimeOffset Since) : ClientEvent
{
    public override string Method => "presenceChanged";
}
