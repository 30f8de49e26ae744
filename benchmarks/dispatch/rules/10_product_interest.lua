-- Remember which product the contact asked about ("the blue dress").
local PRODUCTS = {"dress", "skirt", "blouse", "jacket", "bag"}

on("message", function(ev)
  if not ev.text then return end
  local lowered = string.lower(ev.text)
  for _, product in ipairs(PRODUCTS) do
    local colour = string.match(lowered, "(%a+) " .. product)
    if colour then
      ev.contact:set("interest", colour .. " " .. product)
      return
    end
  end
end)
