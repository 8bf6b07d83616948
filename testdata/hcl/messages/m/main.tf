output "td" {
  value = "web:1"
}
