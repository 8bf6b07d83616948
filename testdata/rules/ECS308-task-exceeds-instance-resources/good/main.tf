# Near misses: each task fits the largest instance type of its capacity.

# 4 vCPUs fit an m5.xlarge (4,096 units), though never a t3.medium.
resource "aws_ecs_task_definition" "report" {
  family       = "report"
  network_mode = "bridge"
  cpu          = "4 vCPU"
  memory       = "1 GB"
  container_definitions = jsonencode([{
    name      = "report"
    image     = "example/report:1.0"
    essential = true
  }])
}

# memoryReservation (not memory) is what placement counts: 3,584 + 512 fit an m5.xlarge.
resource "aws_ecs_task_definition" "cache" {
  family       = "cache"
  network_mode = "bridge"
  container_definitions = jsonencode([
    { name = "redis", image = "redis:7", essential = true, memory = 8192, memoryReservation = 3584 },
    { name = "exporter", image = "oliver006/redis_exporter:v1", essential = false, memory = 512 },
  ])
}

# One GPU on the g4dn.xlarge capacity provider.
resource "aws_ecs_task_definition" "infer" {
  family       = "infer"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name                 = "infer"
    image                = "example/infer:2.1"
    essential            = true
    memory               = 1024
    resourceRequirements = [{ type = "GPU", value = "1" }]
  }])
}

resource "aws_ecs_service" "report" {
  name            = "report"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.report.arn
  desired_count   = 1
}

resource "aws_ecs_service" "cache" {
  name            = "cache"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.cache.arn
  desired_count   = 1
}

resource "aws_ecs_service" "infer" {
  name            = "infer"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.infer.arn
  desired_count   = 1

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.gpu.name
    weight            = 1
  }
}
