# Two shards of a queue consumer, each with its own task definition, made with count. Shard N's
# service uses shard N's task definition. Bridge mode, dynamic host port for the health check.

variable "shards" {
  type    = number
  default = 2
}

resource "aws_ecs_cluster" "queue" {
  name = "queue"
}

resource "aws_ecs_task_definition" "consumer" {
  count        = var.shards
  family       = "consumer-shard-${count.index}"
  network_mode = "bridge"

  container_definitions = jsonencode([
    {
      name      = "consumer"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/consumer:2.1.0"
      essential = true
      cpu       = 256
      memory    = 512
      environment = [
        { name = "SHARD", value = tostring(count.index) }
      ]
      portMappings = [
        {
          containerPort = 8081
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "consumer" {
  count           = var.shards
  name            = "consumer-shard-${count.index}"
  cluster         = aws_ecs_cluster.queue.id
  task_definition = aws_ecs_task_definition.consumer[count.index].arn
  launch_type     = "EC2"
  desired_count   = 3
}
