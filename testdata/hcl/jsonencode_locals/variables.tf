variable "app" {
  type    = string
  default = "api"
}

variable "container_port" {
  type    = number
  default = 8080
}

variable "desired" {
  type    = string
  default = "3"
}
