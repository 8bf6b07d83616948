variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "port_mappings" {
  type    = list(any)
  default = []
}

locals {
  definition = { for k, v in {
    name         = var.name
    image        = var.image
    memory       = 512
    essential    = true
    portMappings = var.port_mappings
  } : k => v if v != null }
  json_map = jsonencode(local.definition)
}

# A list of one definition, written by interpolating the encoded object into a string.
output "json_map_encoded_list" {
  value = "[${local.json_map}]"
}
