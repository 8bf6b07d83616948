# The tools cluster after the reports service and its task definition were removed from the
# configuration. plan.json is a real plan of the previous version of this root, edited by hand
# into the plan this version produces against that state (see README).

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

resource "aws_ecs_cluster" "tools" {
  name = "tools"
}
