variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "capacity_provider" {
  type = string
}

variable "service" {
  description = "Service settings: desired_count, container (image, port, host_port, cpu, memory), load_balancer."
  type        = any
}

variable "target_group_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
