resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/17"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_service_discovery_private_dns_namespace" "internal" {
  name = "internal.example"
  vpc  = aws_vpc.main.id
}

resource "aws_service_discovery_service" "workers" {
  name = "workers"

  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id

    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

# Near misses: exactly 1,000 with service discovery; 1,200 without it.
resource "aws_ecs_service" "workers" {
  name            = "workers"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 1000

  network_configuration {
    subnets = [aws_subnet.a.id]
  }

  service_registries {
    registry_arn = aws_service_discovery_service.workers.arn
  }
}

resource "aws_ecs_service" "crawlers" {
  name            = "crawlers"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 1200

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
