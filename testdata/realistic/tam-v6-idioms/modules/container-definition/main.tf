variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "essential" {
  type    = bool
  default = true
}

variable "cpu" {
  type    = number
  default = null
}

variable "memory" {
  type    = number
  default = null
}

variable "portMappings" {
  type = list(object({
    containerPort = number
    hostPort      = optional(number)
    protocol      = optional(string, "tcp")
    name          = optional(string)
  }))
  default = null
}

variable "environment" {
  type = list(object({
    name  = string
    value = string
  }))
  default = null
}

variable "command" {
  type    = list(string)
  default = null
}

locals {
  definition = {
    name         = var.name
    image        = var.image
    essential    = var.essential
    cpu          = var.cpu
    memory       = var.memory
    command      = var.command
    environment  = var.environment
    portMappings = var.portMappings != null ? [for p in var.portMappings : { for k, v in p : k => v if v != null }] : null
  }

  # Nulls out, as the ECS API fills in its defaults.
  container_definition = { for k, v in local.definition : k => v if v != null }
}

output "container_definition" {
  value = local.container_definition
}
