variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "name" {
  type    = string
  default = "shop"
}

variable "instance_type" {
  type    = string
  default = "m5.large"
}

variable "asg_max_size" {
  type    = number
  default = 4
}

variable "services" {
  description = "Services to run on the cluster, keyed by name."
  type        = any
  default     = {}
}
