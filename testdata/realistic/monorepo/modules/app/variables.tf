variable "env" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "app" {
  type = object({
    name          = string
    image         = string
    port          = optional(number, 8080)
    cpu           = optional(number, 256)
    memory        = optional(number, 512)
    desired_count = optional(number, 2)
    min_capacity  = optional(number)
    max_capacity  = optional(number)
    environment   = optional(map(string), {})
    sidecars      = optional(list(string), [])
  })
}
