services = {
  api = { port = 8080, count = 2 }
  web = { port = 80 }
}
