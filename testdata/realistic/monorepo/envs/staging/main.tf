terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "env" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "private_newbits" {
  type    = number
  default = 8
}

variable "app" {
  type = any
}

module "network" {
  source          = "../../modules/network"
  name            = var.env
  cidr            = var.vpc_cidr
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_newbits = var.private_newbits
}

module "app" {
  source     = "../../modules/app"
  env        = var.env
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  app        = var.app
}
