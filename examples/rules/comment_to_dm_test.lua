-- Tests of comment_to_dm.lua: a keyword comment gets one private reply per person per post.

local function link_for(username, url)
  return "Hi @" .. username .. "! Here's the link you asked for: " .. url
end

test("a keyword comment gets the post's link in a private reply", function(t)
  t:webhook("events/comment_link.json") -- "LINK please 🙏" on post 17895695668004550
  t:expect_sends({ {
    text = link_for("test_user", "https://shop.example/blue-dress"),
    recipient = "comment", quick_replies = {},
  } })
  t:expect_tag("comment-lead")
  t:expect_value("dm_posts", { ["17895695668004550"] = math.floor(t:now()) })
end)

test("once per person per post; other posts and other people get theirs", function(t)
  t:comment({ text = "info", media = "17900000000000001", id = "17860000000000001" })
  t:expect_sends({ { text = link_for("test_user", "https://shop.example/linen-shirt"), recipient = "comment" } })
  t:advance("2h")
  t:comment({ text = "INFO!!", media = "17900000000000001", id = "17860000000000002" })
  t:expect_nothing_sent() -- the same post again: the rule's own choice, nothing is asked of the host
  t:comment({ text = "Eu quero!", media = "17911111111111111", id = "17860000000000003" })
  t:expect_sends({ { text = link_for("test_user", "https://shop.example/new-collection"), recipient = "comment" } })
  t:comment({ text = "quiero", media = "17900000000000001", id = "17860000000000004",
              from = "8450000000000002", username = "maria.g" })
  t:expect_sends({ { text = link_for("maria.g", "https://shop.example/linen-shirt"), recipient = "comment" } })
end)

test("the account's own comments and comments without a keyword are ignored", function(t)
  t:webhook("events/comment_self.json") -- "Link in bio! Comment LINK and we'll send it to you 💌"
  t:comment({ text = "Comment LINK to get it!", from = "17841400000000001", username = "shop.example" })
  t:comment({ text = "Gorgeous colour 😍" })
  t:expect_nothing_sent()
end)

test("after the private reply nothing more goes until the person writes", function(t)
  t:comment({ text = "link" })
  t:expect_sends({ { recipient = "comment" } })
  t:agent_reply("Did you get the link? 😊") -- not even an agent may write before they answer
  t:expect_refused("awaiting_user_reply")
  t:expect_nothing_sent()
  t:advance("5m")
  t:message({ text = "Thanks! Do you ship to Spain?" }) -- now they wrote: the window is open
  t:expect_sends({
    { text = "Hi test_user! 👋 Thanks for your message." }, -- the comment gave the username
    { text = "We ship everywhere in 2–5 working days, free over €50." },
  })
end)

test("no private reply while a person has the conversation", function(t)
  t:echo({ text = "Hi! Marta here." }) -- a person answered from the Instagram app: rules pause 30 minutes
  t:comment({ text = "LINK" })
  t:expect_refused("human_handoff", { action = "private_reply" })
  t:expect_nothing_sent()
  t:expect_value("dm_posts", nil) -- not remembered, so a later comment on the post still gets it
  t:advance("31m")
  t:comment({ text = "LINK?" })
  t:expect_sends({ { recipient = "comment" } })
end)
