# Near misses: matching names in awsvpc and bridge; a disabled configuration.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_service_discovery_http_namespace" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080, name = "http", appProtocol = "http" }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "EC2"
  desired_count   = 2
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.main.arn
    service {
      port_name = "http"
      client_alias {
        port = 8080
      }
    }
  }
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080, name = "web" }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.main.arn
    service {
      port_name = "web"
      client_alias {
        port = 8080
      }
    }
  }
}

resource "aws_ecs_task_definition" "jobs" {
  family       = "jobs"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "jobs"
    image        = "example/jobs:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "jobs" {
  name            = "jobs"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.jobs.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_connect_configuration {
    enabled   = false
    namespace = aws_service_discovery_http_namespace.main.arn
    service {
      port_name = "jobs"
      client_alias {
        port = 8080
      }
    }
  }
}
