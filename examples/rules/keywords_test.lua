-- Tests of keywords.lua: answers by keyword in the language asked, accents and case folded.

local GREETING = { text = "Hi! 👋 Thanks for your message." }
local PRICE = {
  en = "Prices are on each post. Tell me which item and I'll send you the details!",
  pt = "Os preços estão em cada publicação. Diga-me qual é o artigo e envio-lhe os detalhes!",
  es = "Los precios están en cada publicación. ¡Dime qué artículo y te mando los detalles!",
}

test("PREÇO, precio and price are answered, each in its language", function(t)
  t:webhook("events/dm_preco.json") -- "Olá! Qual é o PREÇO do vestido azul?"
  t:expect_sends({
    GREETING,
    { text = PRICE.pt, messaging_type = "RESPONSE", quick_replies = { "Falar com alguém", "É tudo" } },
  })
  t:message({ text = "precio??" })
  t:expect_sends({ { text = PRICE.es, quick_replies = { "Hablar con alguien", "Eso es todo" } } })
  t:message({ text = "PRICE of the linen shirt" })
  t:expect_sends({ { text = PRICE.en, quick_replies = { "Talk to a person", "That's all" } } })
  t:message({ text = "qual o preco?" }) -- no cedilla: folded, it is still "preço"
  t:expect_sends({ { text = PRICE.pt } })
  t:expect_tag("asked:price")
end)

test("other topics, and whole words only", function(t)
  t:message({ text = "Do you do SHIPPING to Spain?" })
  t:expect_sends({ GREETING, { text = "We ship everywhere in 2–5 working days, free over €50." } })
  t:message({ text = "¿Cuánto son los gastos de envío?" })
  t:expect_sends({ { text = "Enviamos a todas partes en 2 a 5 días laborables, gratis a partir de 50 €." } })
  t:message({ text = "Que tamanhos têm?" })
  t:expect_sends({ { text = "Temos do XS ao XL; cada publicação tem o guia de tamanhos na última foto." } })
  t:message({ text = "I'm reopening my order" }) -- "reopening" is not "open"
  t:expect_nothing_sent()
end)

test("“That's all” says goodbye in the same language", function(t)
  t:message({ text = "precio" })
  t:expect_sends({ GREETING, { text = PRICE.es } })
  t:message({ text = "Eso es todo", quick_reply = "DONE_ES" })
  t:expect_sends({ { text = "¡Un placer, que tengas un buen día! 😊" } })
end)

test("“talk to a human” is not answered with a price, and after it the rules are quiet", function(t)
  t:webhook("events/talk_to_human.json") -- "Can I talk to a human please? And what's the price…"
  t:expect_sends({
    GREETING,
    { text = "Sure! I've asked someone from the team to answer you here. "
      .. "We reply Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time)." },
  })
  t:expect_no_tag("asked:price")
  t:message({ text = "So what's the price?" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
end)
