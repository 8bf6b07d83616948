# service_registries must fit the network mode and the Cloud Map records.
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

resource "aws_service_discovery_private_dns_namespace" "internal" {
  name = "internal.example"
  vpc  = aws_vpc.main.id
}

resource "aws_service_discovery_service" "web" {
  name = "web"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      ttl  = 10
      type = "SRV"
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
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_registries {
    registry_arn = aws_service_discovery_service.web.arn # expect: ECS408
  }
}

resource "aws_service_discovery_service" "proxy" {
  name = "proxy"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records { # expect: ECS408
      ttl  = 10
      type = "A"
    }
  }
}

resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "example/proxy:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "proxy" {
  name            = "proxy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.proxy.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_registries {
    registry_arn   = aws_service_discovery_service.proxy.arn
    container_name = "proxy"
    container_port = 8080
  }
}

resource "aws_service_discovery_service" "api" {
  name = "api"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      ttl  = 10
      type = "SRV"
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
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
  service_registries {
    registry_arn   = aws_service_discovery_service.api.arn
    port           = 8080 # expect: ECS408
    container_name = "api"
    container_port = 8080
  }
}

resource "aws_service_discovery_service" "users" {
  name = "users"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}

resource "aws_ecs_task_definition" "users" {
  family       = "users"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "users"
    image        = "example/users:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "users" {
  name            = "users"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.users.arn
  launch_type     = "EC2"
  desired_count   = 2
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
  service_registries {
    registry_arn   = aws_service_discovery_service.users.arn
    container_name = "users"
    container_port = 8080 # expect: ECS408
  }
}

resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "none"
  container_definitions = jsonencode([{
    name         = "batch"
    image        = "example/batch:1"
    memory       = 512
    essential    = true
    portMappings = []
  }])
}

resource "aws_service_discovery_service" "batch" {
  name = "batch"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch.arn
  launch_type     = "EC2"
  desired_count   = 2
  service_registries {
    registry_arn = aws_service_discovery_service.batch.arn # expect: ECS408
  }
}
