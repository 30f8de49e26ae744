-- Size guide.
on("message", function(ev)
  if not ev.text then return end
  if string.find(string.lower(ev.text), "%f[%a]size%f[%A]")
      or text.matches(ev.text, {"sizes", "tamanho", "talla", "measurements"}) then
    ev:reply({text = "Here's our size guide 📏", image = "https://cdn.example.com/size-guide.jpg"})
  end
end)
