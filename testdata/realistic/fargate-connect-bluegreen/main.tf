terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  name = "platform"
  azs  = ["us-east-1a", "us-east-1b"]

  services = {
    orders = {
      cpu    = 512
      memory = 1024
      ports = [
        { name = "orders-http", port = 8080, app_protocol = "http" },
        { name = "orders-admin", port = 9090, app_protocol = "http" },
      ]
      desired = 2
    }
    payments = {
      cpu    = 256
      memory = 512
      ports = [
        { name = "payments-grpc", port = 50051, app_protocol = "grpc" },
      ]
      desired = 3
    }
  }
}

resource "aws_vpc" "this" {
  cidr_block = "10.60.0.0/20"
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 4, count.index)
  availability_zone = local.azs[count.index]
}

resource "aws_security_group" "tasks" {
  name   = "${local.name}-tasks"
  vpc_id = aws_vpc.this.id
}

resource "aws_ecs_cluster" "this" {
  name = local.name

  service_connect_defaults {
    namespace = aws_service_discovery_http_namespace.this.arn
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 1
  }
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }
}

resource "aws_service_discovery_http_namespace" "this" {
  name = "${local.name}.local"
}

resource "aws_service_discovery_private_dns_namespace" "this" {
  name = "${local.name}.internal"
  vpc  = aws_vpc.this.id
}

resource "aws_service_discovery_service" "payments" {
  name = "payments"

  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.this.id

    dns_records {
      ttl  = 10
      type = "A"
    }

    routing_policy = "MULTIVALUE"
  }

  health_check_custom_config {
    failure_threshold = 1
  }
}
