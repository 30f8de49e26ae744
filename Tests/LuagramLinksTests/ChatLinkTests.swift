import LuagramLinks
import Testing

@Suite struct ChatLinkTests {}
