namespace Viv.Contacts;

public enum ContactAction
{
    Request,
    Accept,
    Decline,
    Block,
    Unblock,
    Delete,
}
