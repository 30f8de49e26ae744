-- Answers common questions by keyword, in English, Portuguese and Spanish, in the language asked:
-- "PREÇO", "precio" and "price" all match, since text.matches ignores case and accents.
--
-- text.matches compares whole words, folded: "preco" and "PREÇO" match "preço", "hours"
-- does not match "shours". Keywords are tried topic by topic, language by language, so a
-- word two languages share answers in the first language that lists it: "envio" (Portuguese)
-- and "envío" (Spanish) fold alike, so only Spanish lists it.
-- A message another rule answered first (see welcome.lua) is left alone: "talk to a human"
-- is human_handoff.lua's, even when it also says "price".

local TOPICS = {
  {
    name = "price",
    en = { keywords = { "price", "prices", "how much", "cost" },
           reply = "Prices are on each post. Tell me which item and I'll send you the details!" },
    pt = { keywords = { "preço", "preços", "quanto custa", "valor" },
           reply = "Os preços estão em cada publicação. Diga-me qual é o artigo e envio-lhe os detalhes!" },
    es = { keywords = { "precio", "precios", "cuánto cuesta", "cuánto vale" },
           reply = "Los precios están en cada publicación. ¡Dime qué artículo y te mando los detalles!" },
  },
  {
    name = "shipping",
    en = { keywords = { "shipping", "delivery", "ship" },
           reply = "We ship everywhere in 2–5 working days, free over €50." },
    pt = { keywords = { "portes", "entrega", "frete" },
           reply = "Enviamos para todo o lado em 2 a 5 dias úteis, grátis acima de 50 €." },
    es = { keywords = { "envío", "envíos", "gastos de envío" },
           reply = "Enviamos a todas partes en 2 a 5 días laborables, gratis a partir de 50 €." },
  },
  {
    name = "sizes",
    en = { keywords = { "size", "sizes", "sizing" },
           reply = "Our sizes go from XS to XL; each post has a size guide in the last photo." },
    pt = { keywords = { "tamanho", "tamanhos" },
           reply = "Temos do XS ao XL; cada publicação tem o guia de tamanhos na última foto." },
    es = { keywords = { "talla", "tallas" },
           reply = "Tenemos de la XS a la XL; cada publicación tiene la guía de tallas en la última foto." },
  },
  {
    name = "hours",
    en = { keywords = { "opening hours", "open", "hours" },
           reply = "We're open Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time)." },
    pt = { keywords = { "horário", "aberto", "abertos" },
           reply = "Estamos abertos de segunda a sexta das 9:00 às 18:00 e ao sábado das 10:00 às 14:00." },
    es = { keywords = { "horario", "abierto", "abiertos" },
           reply = "Abrimos de lunes a viernes de 9:00 a 18:00 y los sábados de 10:00 a 14:00 (hora de Lisboa)." },
  },
}
local LANGUAGES = { "en", "pt", "es" }

-- The quick replies under each answer; the payload is what human_handoff.lua looks for.
local MORE = {
  en = { { title = "Talk to a person", payload = "TALK_TO_HUMAN" }, { title = "That's all", payload = "DONE_EN" } },
  pt = { { title = "Falar com alguém", payload = "TALK_TO_HUMAN" }, { title = "É tudo", payload = "DONE_PT" } },
  es = { { title = "Hablar con alguien", payload = "TALK_TO_HUMAN" }, { title = "Eso es todo", payload = "DONE_ES" } },
}

local function answered(ev) return ev.contact:get("answered") == ev.id end

local GOODBYE = { en = "Happy to help, have a nice day! 😊", pt = "Sempre às ordens! 😊",
                  es = "¡Un placer, que tengas un buen día! 😊" }

on("message", function(ev)
  if answered(ev) then return end
  local done = ev.quick_reply_payload and string.match(ev.quick_reply_payload, "^DONE_(%u%u)$")
  if done then -- "That's all" under an earlier answer
    ev.contact:set("answered", ev.id)
    ev:reply(GOODBYE[string.lower(done)] or GOODBYE.en)
    return
  end
  for _, topic in ipairs(TOPICS) do
    for _, language in ipairs(LANGUAGES) do
      local answer = topic[language]
      if text.matches(ev.text, answer.keywords) then
        ev.contact:set("answered", ev.id)
        ev.contact:tag("asked:" .. topic.name)
        local decision = ev:reply({ text = answer.reply, quick_replies = MORE[language] })
        if not decision.ok then log.info("keyword answer not sent:", decision.reason) end
        return
      end
    end
  end
end, { name = "keywords", priority = 40 })
