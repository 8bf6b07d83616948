# Service Connect needs a named port mapping and awsvpc or bridge networking.
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
    portMappings = [{ containerPort = 8080, name = "http" }]
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
      port_name = "api" # expect: ECS409
      client_alias {
        port = 8080
      }
    }
  }
}

resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host" # expect: ECS409
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "example/proxy:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080, name = "proxy" }]
  }])
}

resource "aws_ecs_service" "proxy" {
  name            = "proxy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.proxy.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.main.arn
    service {
      port_name = "proxy"
      client_alias {
        port = 8080
      }
    }
  }
}
